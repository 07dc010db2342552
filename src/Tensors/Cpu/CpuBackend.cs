using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The CPU implementation of <see cref="IBackend"/>: pooled native memory, SIMD kernels on both cores. Each
/// method hands raw pointers to a kernel class of one family.
/// </summary>
public sealed unsafe class CpuBackend : IBackend, IMemoryPool
{
    private readonly MemoryPool _pool = new(new CpuBlockSource());

    /// <summary>The process-wide CPU backend.</summary>
    public static CpuBackend Shared { get; } = new();

    public string Name => "cpu";

    public long BytesInUse => _pool.BytesInUse;

    public long BytesReserved => _pool.BytesReserved;

    public long PeakBytesInUse => _pool.PeakBytesInUse;

    public void ResetPeak() => _pool.ResetPeak();

    /// <summary>Releases pooled memory that no tensor is using.</summary>
    public void Trim() => _pool.Trim();

    public void TrimIdle() => _pool.TrimIdle();

    public Storage Allocate(long length, DType dtype)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
        var bytes = _pool.RoundUp(length * sizeof(float));
        return new CpuStorage(this, length, dtype, (void*)_pool.Rent(bytes), bytes);
    }

    internal void Return(void* block, long bytes) => _pool.Return((ulong)block, bytes);

    public void Dispose() => _pool.Dispose();

    private static float* F(Storage s) => ((CpuStorage)s).Floats;

    private static float* FOrNull(Storage? s) => s is null ? null : ((CpuStorage)s).Floats;

    private static int* I(Storage s) => ((CpuStorage)s).Ints;

    private static uint* U(Storage s) => (uint*)((CpuStorage)s).Ints;

    public void Upload(ReadOnlySpan<float> source, Storage destination)
    {
        source.CopyTo(new Span<float>(F(destination), checked((int)destination.Length)));
    }

    public void Upload(ReadOnlySpan<int> source, Storage destination)
    {
        source.CopyTo(new Span<int>(I(destination), checked((int)destination.Length)));
    }

    public void Download(Storage source, Span<float> destination)
    {
        new ReadOnlySpan<float>(F(source), checked((int)source.Length)).CopyTo(destination);
    }

    public void Download(Storage source, Span<int> destination)
    {
        new ReadOnlySpan<int>(I(source), checked((int)source.Length)).CopyTo(destination);
    }

    public void Fill(Storage destination, float value) => CpuCopy.Fill(F(destination), destination.Length, value);

    public void CopyBlocks(Storage source, long srcOffset, long srcStride, Storage destination, long dstOffset, long dstStride, long blockLength, long blocks) =>
        CpuCopy.Blocks(F(source) + srcOffset, srcStride, F(destination) + dstOffset, dstStride, blockLength, blocks);

    public void Unary(UnaryOp op, Storage x, Storage y, long n, float alpha)
    {
        CpuElementwise.Unary(op, F(x), F(y), n, alpha);
    }

    public void UnaryBackward(UnaryOp op, Storage x, Storage y, Storage dy, Storage dx, long n, float alpha)
    {
        CpuElementwise.UnaryBackward(op, F(x), F(y), F(dy), F(dx), n, alpha);
    }

    public void Binary(BinaryOp op, Storage a, Storage b, Storage y, long n)
    {
        CpuElementwise.Binary(op, F(a), F(b), F(y), n);
    }

    public void Axpy(float alpha, Storage x, Storage y, long n)
    {
        CpuElementwise.Axpy(alpha, F(x), F(y), n);
    }

    public void AddChannelBias(Storage y, Storage bias, long outer, int channels, long inner)
    {
        CpuElementwise.AddChannelBias(F(y), F(bias), outer, channels, inner);
    }

    public void Sum(Storage x, Storage y, long outer, int axis, long inner, float alpha)
    {
        CpuReductions.Sum(F(x), F(y), outer, axis, inner, alpha);
    }

    public void Broadcast(Storage dy, Storage dx, long outer, int axis, long inner, float alpha)
    {
        CpuReductions.Broadcast(F(dy), F(dx), outer, axis, inner, alpha);
    }

    public void Max(Storage x, Storage values, Storage indices, long outer, int axis, long inner)
    {
        CpuReductions.Max(F(x), F(values), I(indices), outer, axis, inner);
    }

    public void MaxBackward(Storage dy, Storage indices, Storage dx, long outer, int axis, long inner)
    {
        CpuReductions.MaxBackward(F(dy), I(indices), F(dx), outer, axis, inner);
    }

    public void Softmax(Storage x, Storage y, long outer, int axis, long inner, bool log)
    {
        CpuReductions.Softmax(F(x), F(y), outer, axis, inner, log);
    }

    public void SoftmaxBackward(Storage y, Storage dy, Storage dx, long outer, int axis, long inner, bool log)
    {
        CpuReductions.SoftmaxBackward(F(y), F(dy), F(dx), outer, axis, inner, log);
    }

    public void CrossEntropy(Storage logits, Storage labels, Storage loss, int n, int classes)
    {
        CpuLosses.CrossEntropy(F(logits), I(labels), F(loss), n, classes);
    }

    public void CrossEntropyBackward(Storage logits, Storage labels, Storage dloss, Storage dlogits, int n, int classes)
    {
        CpuLosses.CrossEntropyBackward(F(logits), I(labels), F(dloss), F(dlogits), n, classes);
    }

    public void PseudoLabelCrossEntropy(Storage weak, Storage strong, Storage pseudo, Storage mask, Storage loss, int n, int classes, float threshold)
    {
        CpuLosses.PseudoLabelCrossEntropy(F(weak), F(strong), I(pseudo), F(mask), F(loss), n, classes, threshold);
    }

    public void PseudoLabelCrossEntropyBackward(Storage strong, Storage pseudo, Storage mask, Storage dloss, Storage dstrong, int n, int classes)
    {
        CpuLosses.PseudoLabelCrossEntropyBackward(F(strong), I(pseudo), F(mask), F(dloss), F(dstrong), n, classes);
    }

    public void DiceLoss(Storage logits, Storage target, Storage loss, int n, long hw)
    {
        CpuLosses.DiceLoss(F(logits), F(target), F(loss), n, hw);
    }

    public void DiceLossBackward(Storage logits, Storage target, Storage dloss, Storage dlogits, int n, long hw)
    {
        CpuLosses.DiceLossBackward(F(logits), F(target), F(dloss), F(dlogits), n, hw);
    }

    public void BernoulliKl(Storage a, Storage b, Storage y, long n)
    {
        CpuLosses.BernoulliKl(F(a), F(b), F(y), n);
    }

    public void BernoulliKlBackward(Storage a, Storage b, Storage dy, Storage? da, Storage? db, long n)
    {
        CpuLosses.BernoulliKlBackward(F(a), F(b), F(dy), FOrNull(da), FOrNull(db), n);
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c)
    {
        Sgemm.Multiply(transA, transB, m, n, k, alpha, F(a), transA ? m : k, F(b), transB ? k : n, beta, F(c), n);
    }

    public void Conv2d(Storage x, Storage w, Storage? bias, Storage y, ConvGeometry g)
    {
        Conv2dKernels.Forward(F(x), F(w), FOrNull(bias), F(y), g.Batch, g.InChannels, g.OutChannels, g.Height, g.Width, g.Kernel);
    }

    public void Conv2dBackwardData(Storage dy, Storage w, Storage dx, ConvGeometry g)
    {
        Conv2dKernels.BackwardData(F(dy), F(w), F(dx), g.Batch, g.InChannels, g.OutChannels, g.Height, g.Width, g.Kernel);
    }

    public void Conv2dBackwardWeight(Storage dy, Storage x, Storage dw, Storage? dbias, ConvGeometry g)
    {
        Conv2dKernels.BackwardWeight(F(dy), F(x), F(dw), FOrNull(dbias), g.Batch, g.InChannels, g.OutChannels, g.Height, g.Width, g.Kernel);
    }

    public void InstanceNorm(Storage x, Storage y, Storage mean, Storage rstd, long planes, long hw, float eps, float? leakySlope)
    {
        CpuNormalization.Forward(F(x), F(y), F(mean), F(rstd), planes, hw, eps, leakySlope);
    }

    public void InstanceNormBackward(Storage y, Storage rstd, Storage dy, Storage dx, long planes, long hw, float? leakySlope)
    {
        CpuNormalization.Backward(F(y), F(rstd), F(dy), F(dx), planes, hw, leakySlope);
    }

    public void Dropout(Storage x, Storage y, Storage mask, long n, float p, ulong seed, ulong offset)
    {
        CpuTraining.Dropout(F(x), F(y), F(mask), n, p, seed, offset);
    }

    public void InstanceNormDropout(Storage x, Storage y, Storage d, Storage keep, Storage mean, Storage rstd, long planes, long hw, float eps, float leakySlope, float p, ulong seed, ulong offset)
    {
        DropoutBits.Write(U(keep), planes * hw, p, seed, offset);
        CpuNormalization.Forward(F(x), F(y), F(mean), F(rstd), planes, hw, eps, leakySlope, F(d), U(keep), DropoutBits.KeepScale(p));
    }

    public void InstanceNormDropoutBackward(Storage y, Storage rstd, Storage keep, Storage dd, Storage dx, long planes, long hw, float leakySlope, float p, ulong seed, ulong offset) =>
        CpuNormalization.Backward(F(y), F(rstd), F(dd), F(dx), planes, hw, leakySlope, U(keep), DropoutBits.KeepScale(p));

    public void MaxPool2x2(Storage x, Storage y, Storage argmax, long planes, int h, int w)
    {
        CpuSpatial.MaxPool2x2(F(x), F(y), I(argmax), planes, h, w);
    }

    public void MaxPool2x2Backward(Storage dy, Storage argmax, Storage dx, long planes, int h, int w)
    {
        CpuSpatial.MaxPool2x2Backward(F(dy), I(argmax), F(dx), planes, h, w);
    }

    public void ResizeBilinear(Storage x, Storage y, long planes, int hIn, int wIn, int hOut, int wOut)
    {
        CpuSpatial.ResizeBilinear(F(x), F(y), planes, hIn, wIn, hOut, wOut);
    }

    public void ResizeBilinearBackward(Storage dy, Storage dx, long planes, int hIn, int wIn, int hOut, int wOut)
    {
        CpuSpatial.ResizeBilinearBackward(F(dy), F(dx), planes, hIn, wIn, hOut, wOut);
    }

    public void AdamStep(Storage param, Storage grad, Storage m, Storage v, long n, float lr, float beta1, float beta2, float eps, int step)
    {
        CpuTraining.AdamStep(F(param), F(grad), F(m), F(v), n, lr, beta1, beta2, eps, step);
    }
}
