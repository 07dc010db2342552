using MultiMix.Tensors;
using MultiMix.Tensors.Backend;

namespace MultiMix.Tests.Engine;

/// <summary>
/// A backend that allocates as the CPU backend does — the same pool, the same 64-byte granularity — but holds no
/// memory and computes nothing: every op is a no-op and downloads read zeros. The engine's allocations and releases
/// do not depend on values, so it measures a step's bytes in use exactly, in milliseconds and without the memory,
/// at sizes the test machine could not hold twice.
/// </summary>
internal sealed class ShapeOnlyBackend : IBackend, IMemoryPool
{
    private readonly MemoryPool _pool = new(new AddressSource());

    public string Name => "shape-only";

    public long BytesInUse => _pool.BytesInUse;

    public long BytesReserved => _pool.BytesReserved;

    public long PeakBytesInUse => _pool.PeakBytesInUse;

    public void ResetPeak() => _pool.ResetPeak();

    public void Trim() => _pool.Trim();

    public void TrimIdle() => _pool.TrimIdle();

    public Storage Allocate(long length, DType dtype)
    {
        var bytes = _pool.RoundUp(length * sizeof(float));
        return new AddressStorage(this, length, dtype, _pool.Rent(bytes), bytes);
    }

    public void Dispose() => _pool.Dispose();

    public void Upload(ReadOnlySpan<float> source, Storage destination)
    {
    }

    public void Upload(ReadOnlySpan<int> source, Storage destination)
    {
    }

    public void Download(Storage source, Span<float> destination) => destination.Clear();

    public void Download(Storage source, Span<int> destination) => destination.Clear();

    public void Fill(Storage destination, float value)
    {
    }

    public void CopyBlocks(Storage source, long srcOffset, long srcStride, Storage destination, long dstOffset, long dstStride, long blockLength, long blocks)
    {
    }

    public void Unary(UnaryOp op, Storage x, Storage y, long n, float alpha)
    {
    }

    public void UnaryBackward(UnaryOp op, Storage x, Storage y, Storage dy, Storage dx, long n, float alpha)
    {
    }

    public void Binary(BinaryOp op, Storage a, Storage b, Storage y, long n)
    {
    }

    public void Axpy(float alpha, Storage x, Storage y, long n)
    {
    }

    public void AddChannelBias(Storage y, Storage bias, long outer, int channels, long inner)
    {
    }

    public void Sum(Storage x, Storage y, long outer, int axis, long inner, float alpha)
    {
    }

    public void Broadcast(Storage dy, Storage dx, long outer, int axis, long inner, float alpha)
    {
    }

    public void Max(Storage x, Storage values, Storage indices, long outer, int axis, long inner)
    {
    }

    public void MaxBackward(Storage dy, Storage indices, Storage dx, long outer, int axis, long inner)
    {
    }

    public void Softmax(Storage x, Storage y, long outer, int axis, long inner, bool log)
    {
    }

    public void SoftmaxBackward(Storage y, Storage dy, Storage dx, long outer, int axis, long inner, bool log)
    {
    }

    public void CrossEntropy(Storage logits, Storage labels, Storage loss, int n, int classes)
    {
    }

    public void CrossEntropyBackward(Storage logits, Storage labels, Storage dloss, Storage dlogits, int n, int classes)
    {
    }

    public void PseudoLabelCrossEntropy(Storage weak, Storage strong, Storage pseudo, Storage mask, Storage loss, int n, int classes, float threshold)
    {
    }

    public void PseudoLabelCrossEntropyBackward(Storage strong, Storage pseudo, Storage mask, Storage dloss, Storage dstrong, int n, int classes)
    {
    }

    public void DiceLoss(Storage logits, Storage target, Storage loss, int n, long hw)
    {
    }

    public void DiceLossBackward(Storage logits, Storage target, Storage dloss, Storage dlogits, int n, long hw)
    {
    }

    public void BernoulliKl(Storage a, Storage b, Storage y, long n)
    {
    }

    public void BernoulliKlBackward(Storage a, Storage b, Storage dy, Storage? da, Storage? db, long n)
    {
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c)
    {
    }

    public void Conv2d(Storage x, Storage w, Storage? bias, Storage y, ConvGeometry g)
    {
    }

    public void Conv2dBackwardData(Storage dy, Storage w, Storage dx, ConvGeometry g)
    {
    }

    public void Conv2dBackwardWeight(Storage dy, Storage x, Storage dw, Storage? dbias, ConvGeometry g)
    {
    }

    public void InstanceNorm(Storage x, Storage y, Storage mean, Storage rstd, long planes, long hw, float eps, float? leakySlope)
    {
    }

    public void InstanceNormBackward(Storage y, Storage rstd, Storage dy, Storage dx, long planes, long hw, float? leakySlope)
    {
    }

    public void Dropout(Storage x, Storage y, Storage mask, long n, float p, ulong seed, ulong offset)
    {
    }

    public void InstanceNormDropout(Storage x, Storage y, Storage d, Storage keep, Storage mean, Storage rstd, long planes, long hw, float eps, float leakySlope, float p, ulong seed, ulong offset)
    {
    }

    public void InstanceNormDropoutBackward(Storage y, Storage rstd, Storage keep, Storage dd, Storage dx, long planes, long hw, float leakySlope, float p, ulong seed, ulong offset)
    {
    }

    public void MaxPool2x2(Storage x, Storage y, Storage argmax, long planes, int h, int w)
    {
    }

    public void MaxPool2x2Backward(Storage dy, Storage argmax, Storage dx, long planes, int h, int w)
    {
    }

    public void ResizeBilinear(Storage x, Storage y, long planes, int hIn, int wIn, int hOut, int wOut)
    {
    }

    public void ResizeBilinearBackward(Storage dy, Storage dx, long planes, int hIn, int wIn, int hOut, int wOut)
    {
    }

    public void AdamStep(Storage param, Storage grad, Storage m, Storage v, long n, float lr, float beta1, float beta2, float eps, int step)
    {
    }

    /// <summary>Addresses without memory behind them, 64-byte granular as the CPU's.</summary>
    private sealed class AddressSource : IBlockSource
    {
        private ulong _next = 1UL << 40;

        public long Granularity => 64;

        public ulong Allocate(long bytes)
        {
            var address = _next;
            _next += (ulong)bytes;
            return address;
        }

        public void Free(ulong address, long bytes)
        {
        }

        public void Synchronize()
        {
        }

        public bool IsOutOfMemory(Exception error) => false;
    }

    /// <summary>A block of the pool, or (bytes 0) a view of part of one, which returns nothing.</summary>
    private sealed class AddressStorage(ShapeOnlyBackend backend, long length, DType dtype, ulong address, long bytes) : Storage(backend, length, dtype)
    {
        protected override Storage CreateView(long offset, long length) => new AddressStorage(backend, length, DType, address + ((ulong)offset * sizeof(float)), 0);

        protected override void Release()
        {
            if (bytes > 0) backend._pool.Return(address, bytes);
        }
    }
}
