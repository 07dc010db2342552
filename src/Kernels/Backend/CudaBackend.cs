using System.Diagnostics.CodeAnalysis;
using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Runtime;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// The CUDA implementation of <see cref="IBackend"/>: storages are pooled device blocks, every primitive is a custom
/// kernel of kernels-cu/ launched through <see cref="CustomKernels"/> (the launch configuration the kernel parity
/// tests check), GEMM runs on cuBLAS and convolution on cuDNN. All work is queued on one stream; only
/// <see cref="Download(Storage, Span{float})"/> waits for it.
/// </summary>
public sealed unsafe class CudaBackend : IBackend, IMemoryPool
{
    private readonly ICudaDevice _device;
    private readonly MemoryPool _pool;
    private readonly CustomKernels _launch;
    private bool _disposed;

    internal CudaBackend(ICudaDevice device)
    {
        _device = device;
        _pool = new MemoryPool(new CudaBlockSource(device));
        _launch = new CustomKernels(device.Launcher);
    }

    /// <summary>
    /// Opens GPU <paramref name="ordinal"/> through <see cref="CudaProbe"/>: driver context, custom kernels compiled by
    /// NVRTC (through the kernel cache), cuBLAS and cuDNN, then a self-test against the CPU. Returns false with the
    /// probe's reason, in one sentence, when this machine cannot run it. The caller owns the backend. With
    /// <paramref name="tf32"/> GEMMs and convolutions may use TF32 tensor cores once the (FP32) self-test has passed.
    /// </summary>
    public static bool TryCreate(int ordinal, bool tf32, [NotNullWhen(true)] out CudaBackend? backend, out string why)
    {
        var probe = CudaProbe.Open(ordinal, out var device);
        if (device is null)
        {
            backend = null;
            why = probe.Reason;
            return false;
        }
        device.Tf32 = tf32;
        backend = new CudaBackend(device);
        why = "";
        return true;
    }

    public string Name => _device.Name;

    public long BytesInUse => _pool.BytesInUse;

    public long BytesReserved => _pool.BytesReserved;

    public long PeakBytesInUse => _pool.PeakBytesInUse;

    public void ResetPeak() => _pool.ResetPeak();

    public Storage Allocate(long length, DType dtype)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
        var bytes = _pool.RoundUp(length * sizeof(float));
        return new CudaStorage(this, length, dtype, new DevicePtr(_pool.Rent(bytes)), bytes);
    }

    internal void Return(DevicePtr block, long bytes) => _pool.Return(block.Address, bytes);

    /// <summary>Frees pooled device memory that no tensor is using.</summary>
    public void Trim() => _pool.Trim();

    /// <summary>
    /// How many GPUs the NVIDIA driver shows this process (after CUDA_VISIBLE_DEVICES), or null with the reason in
    /// one sentence when there is no usable driver. Opens nothing.
    /// </summary>
    public static int? VisibleGpus(out string why)
    {
        why = "";
        var driver = LibraryDiscovery.Driver;
        if (!driver.Found)
        {
            why = $"libcuda.so.1 not found, so there is no NVIDIA driver ({driver.Reason})";
            return null;
        }
        try
        {
            return CudaContext.DeviceCount();
        }
        catch (Exception e) when (CudaDevice.IsSetupFailure(e))
        {
            why = $"the NVIDIA driver cannot count the GPUs ({e.Message.ReplaceLineEndings(" ").Trim()})";
            return null;
        }
    }

    /// <summary>The stream every launch, copy and library call of this backend is queued on (NCCL's all-reduce joins it).</summary>
    internal nint Stream => _device.Stream;

    /// <summary>The device address of a storage of this backend (NCCL reads and writes the flat gradient buffer in place).</summary>
    internal ulong DeviceAddress(Storage storage) => P(storage).Address;
    public void TrimIdle() => _pool.TrimIdle();

    /// <summary>Waits for every queued kernel (for timing; downloads wait by themselves).</summary>
    public void Synchronize() => _device.Synchronize();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pool.Dispose();
        _device.Dispose();
    }

    private DevicePtr P(Storage s) =>
        s is CudaStorage c && ReferenceEquals(c.Backend, this)
            ? c.Pointer
            : throw new ArgumentException($"a storage of backend {s.Backend.Name} was passed to {Name}");

    private DevicePtr POrNull(Storage? s) => s is null ? DevicePtr.Null : P(s);

    public void Upload(ReadOnlySpan<float> source, Storage destination)
    {
        fixed (float* p = source) CopyIn(p, source.Length, destination);
    }

    public void Upload(ReadOnlySpan<int> source, Storage destination)
    {
        fixed (int* p = source) CopyIn(p, source.Length, destination);
    }

    public void Download(Storage source, Span<float> destination)
    {
        fixed (float* p = destination) CopyOut(source, p, destination.Length);
    }

    public void Download(Storage source, Span<int> destination)
    {
        fixed (int* p = destination) CopyOut(source, p, destination.Length);
    }

    private void CopyIn(void* source, int length, Storage destination)
    {
        if (length > destination.Length) throw new ArgumentException($"{length} values do not fit a storage of {destination.Length}");
        if (length == 0) return;
        _device.CopyToDevice(source, P(destination), (long)length * sizeof(float));
    }

    private void CopyOut(Storage source, void* destination, int length)
    {
        if (length < source.Length) throw new ArgumentException($"a storage of {source.Length} values does not fit {length}");
        if (source.Length == 0) return;
        _device.CopyToHost(P(source), destination, source.Length * sizeof(float));
    }

    public void Fill(Storage destination, float value)
    {
        _launch.Fill(P(destination), value, destination.Length);
    }

    public void CopyBlocks(Storage source, long srcOffset, long srcStride, Storage destination, long dstOffset, long dstStride, long blockLength, long blocks)
    {
        _launch.CopyBlocks(P(source), srcOffset, srcStride, P(destination), dstOffset, dstStride, blockLength, blocks);
    }

    public void Unary(UnaryOp op, Storage x, Storage y, long n, float alpha)
    {
        _launch.Unary(op, P(x), P(y), n, alpha);
    }

    public void UnaryBackward(UnaryOp op, Storage x, Storage y, Storage dy, Storage dx, long n, float alpha)
    {
        _launch.UnaryBackward(op, P(x), P(y), P(dy), P(dx), n, alpha);
    }

    public void Binary(BinaryOp op, Storage a, Storage b, Storage y, long n)
    {
        _launch.Binary(op, P(a), P(b), P(y), n);
    }

    public void Axpy(float alpha, Storage x, Storage y, long n)
    {
        _launch.Axpy(alpha, P(x), P(y), n);
    }

    public void AddChannelBias(Storage y, Storage bias, long outer, int channels, long inner)
    {
        _launch.AddChannelBias(P(y), P(bias), outer, channels, inner);
    }

    public void Sum(Storage x, Storage y, long outer, int axis, long inner, float alpha)
    {
        _launch.Sum(P(x), P(y), outer, axis, inner, alpha);
    }

    public void Broadcast(Storage dy, Storage dx, long outer, int axis, long inner, float alpha)
    {
        _launch.Broadcast(P(dy), P(dx), outer, axis, inner, alpha);
    }

    public void Max(Storage x, Storage values, Storage indices, long outer, int axis, long inner)
    {
        _launch.Max(P(x), P(values), P(indices), outer, axis, inner);
    }

    public void MaxBackward(Storage dy, Storage indices, Storage dx, long outer, int axis, long inner)
    {
        _launch.MaxBackward(P(dy), P(indices), P(dx), outer, axis, inner);
    }

    public void Softmax(Storage x, Storage y, long outer, int axis, long inner, bool log)
    {
        _launch.Softmax(P(x), P(y), outer, axis, inner, log);
    }

    public void SoftmaxBackward(Storage y, Storage dy, Storage dx, long outer, int axis, long inner, bool log)
    {
        _launch.SoftmaxBackward(P(y), P(dy), P(dx), outer, axis, inner, log);
    }

    public void CrossEntropy(Storage logits, Storage labels, Storage loss, int n, int classes)
    {
        _launch.CrossEntropy(P(logits), P(labels), P(loss), n, classes);
    }

    public void CrossEntropyBackward(Storage logits, Storage labels, Storage dloss, Storage dlogits, int n, int classes)
    {
        _launch.CrossEntropyBackward(P(logits), P(labels), P(dloss), P(dlogits), n, classes);
    }

    public void PseudoLabelCrossEntropy(Storage weak, Storage strong, Storage pseudo, Storage mask, Storage loss, int n, int classes, float threshold)
    {
        _launch.PseudoLabelCrossEntropy(P(weak), P(strong), P(pseudo), P(mask), P(loss), n, classes, threshold);
    }

    public void PseudoLabelCrossEntropyBackward(Storage strong, Storage pseudo, Storage mask, Storage dloss, Storage dstrong, int n, int classes)
    {
        _launch.PseudoLabelCrossEntropyBackward(P(strong), P(pseudo), P(mask), P(dloss), P(dstrong), n, classes);
    }

    public void DiceLoss(Storage logits, Storage target, Storage loss, int n, long hw)
    {
        _launch.DiceLoss(P(logits), P(target), P(loss), n, hw);
    }

    public void DiceLossBackward(Storage logits, Storage target, Storage dloss, Storage dlogits, int n, long hw)
    {
        _launch.DiceLossBackward(P(logits), P(target), P(dloss), P(dlogits), n, hw);
    }

    public void BernoulliKl(Storage a, Storage b, Storage y, long n)
    {
        _launch.BernoulliKl(P(a), P(b), P(y), n);
    }

    public void BernoulliKlBackward(Storage a, Storage b, Storage dy, Storage? da, Storage? db, long n)
    {
        _launch.BernoulliKlBackward(P(a), P(b), P(dy), POrNull(da), POrNull(db), n);
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c)
    {
        _device.Gemm(transA, transB, m, n, k, alpha, P(a), P(b), beta, P(c));
    }

    /// <summary>The convolution on the device, then the bias by the channel-bias kernel (one primitive, counted once).</summary>
    public void Conv2d(Storage x, Storage w, Storage? bias, Storage y, ConvGeometry g)
    {
        _device.ConvForward(g, P(x), P(w), P(y));
        if (bias is not null) _launch.AddChannelBias(P(y), P(bias), g.Batch, g.OutChannels, (long)g.Height * g.Width);
    }

    public void Conv2dBackwardData(Storage dy, Storage w, Storage dx, ConvGeometry g)
    {
        _device.ConvBackwardData(g, P(dy), P(w), P(dx));
    }

    public void Conv2dBackwardWeight(Storage dy, Storage x, Storage dw, Storage? dbias, ConvGeometry g)
    {
        _device.ConvBackwardWeight(g, P(dy), P(x), P(dw), POrNull(dbias));
    }

    public void InstanceNorm(Storage x, Storage y, Storage mean, Storage rstd, long planes, long hw, float eps, float? leakySlope)
    {
        _launch.InstanceNorm(P(x), P(y), P(mean), P(rstd), planes, hw, eps, leakySlope);
    }

    public void InstanceNormBackward(Storage y, Storage rstd, Storage dy, Storage dx, long planes, long hw, float? leakySlope)
    {
        _launch.InstanceNormBackward(P(y), P(rstd), P(dy), P(dx), planes, hw, leakySlope);
    }

    public void Dropout(Storage x, Storage y, Storage mask, long n, float p, ulong seed, ulong offset)
    {
        _launch.Dropout(P(x), P(y), P(mask), n, p, seed, offset);
    }

    public void MaxPool2x2(Storage x, Storage y, Storage argmax, long planes, int h, int w)
    {
        _launch.MaxPool2x2(P(x), P(y), P(argmax), planes, h, w);
    }

    public void MaxPool2x2Backward(Storage dy, Storage argmax, Storage dx, long planes, int h, int w)
    {
        _launch.MaxPool2x2Backward(P(dy), P(argmax), P(dx), planes, h, w);
    }

    public void ResizeBilinear(Storage x, Storage y, long planes, int hIn, int wIn, int hOut, int wOut)
    {
        _launch.ResizeBilinear(P(x), P(y), planes, hIn, wIn, hOut, wOut);
    }

    public void ResizeBilinearBackward(Storage dy, Storage dx, long planes, int hIn, int wIn, int hOut, int wOut)
    {
        _launch.ResizeBilinearBackward(P(dy), P(dx), planes, hIn, wIn, hOut, wOut);
    }

    public void AdamStep(Storage param, Storage grad, Storage m, Storage v, long n, float lr, float beta1, float beta2, float eps, int step)
    {
        _launch.AdamStep(P(param), P(grad), P(m), P(v), n, lr, beta1, beta2, eps, step);
    }
}
