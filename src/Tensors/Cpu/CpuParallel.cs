namespace MultiMix.Tensors.Cpu;

/// <summary>Splits a range over the cores when it is large enough to pay for the hand-off.</summary>
internal static class CpuParallel
{
    public static readonly int Workers = Environment.ProcessorCount;

    /// <summary>Runs body(start, end) over [0, count) in at most <see cref="Workers"/> contiguous chunks.</summary>
    public static void For(long count, long minPerChunk, Action<long, long> body)
    {
        var chunks = (int)Math.Min(Workers, Math.Max(1, count / Math.Max(1, minPerChunk)));
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }
        var step = (count + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            var start = c * step;
            var end = Math.Min(count, start + step);
            if (start < end) body(start, end);
        });
    }
}
