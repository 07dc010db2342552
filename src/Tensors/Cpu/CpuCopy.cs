namespace MultiMix.Tensors.Cpu;

/// <summary>Fills and strided block copies, split over the cores by elements (a block may be cut between two cores).</summary>
internal static unsafe class CpuCopy
{
    private const long Grain = 1 << 16;

    public static void Fill(float* destination, long n, float value) =>
        CpuParallel.For(n, Grain, (s, e) => new Span<float>(destination + s, checked((int)(e - s))).Fill(value));

    /// <summary>Copies block b of <paramref name="blockLength"/> elements from src + b·srcStride to dst + b·dstStride.</summary>
    public static void Blocks(float* src, long srcStride, float* dst, long dstStride, long blockLength, long blocks)
    {
        if (blockLength == 0) return;
        CpuParallel.For(blockLength * blocks, Grain, (s, e) =>
        {
            for (var t = s; t < e;)
            {
                var b = t / blockLength;
                var o = t - (b * blockLength);
                var length = Math.Min(blockLength - o, e - t);
                Buffer.MemoryCopy(src + (b * srcStride) + o, dst + (b * dstStride) + o, length * sizeof(float), length * sizeof(float));
                t += length;
            }
        });
    }
}
