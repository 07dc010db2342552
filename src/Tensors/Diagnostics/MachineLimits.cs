using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>
/// What this machine can do at most, measured now on <see cref="Threads"/> threads at once: fused multiply-add
/// throughput (independent FMA chains in the widest vectors the JIT accelerates) and streaming bandwidth (y = a·x
/// over buffers far larger than the caches, counted as the 8 compulsory bytes per element a profiled op is counted
/// by). On a shared machine both figures drop with the load, which is what a profile taken in the same run needs.
/// </summary>
public sealed record MachineLimits(double PeakFlops, double Bandwidth, int Threads)
{
    private const int Chains = 12;
    private const long BandwidthElements = 16L << 20;

    /// <summary>Where the FMA chains' results go, so that the JIT cannot drop the loops.</summary>
    private static float s_sink;

    /// <summary>Runs both measurements (about half a second).</summary>
    public static MachineLimits Measure(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        return new MachineLimits(MeasureFlops(threads), MeasureBandwidth(threads), threads);
    }

    private static double MeasureFlops(int threads)
    {
        const long iterations = 4_000_000;
        var best = 0.0;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var watch = Stopwatch.StartNew();
            var flops = new double[threads];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => flops[t] = FmaChains(iterations));
            best = Math.Max(best, flops.Sum() / watch.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>Runs <see cref="Chains"/> independent FMA chains; returns the flops done (2 per lane per FMA).</summary>
    private static double FmaChains(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var a = Vector512.Create(0.999999f);
            var b = Vector512.Create(1e-7f);
            Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, a, b);
                c1 = Vector512.FusedMultiplyAdd(c1, a, b);
                c2 = Vector512.FusedMultiplyAdd(c2, a, b);
                c3 = Vector512.FusedMultiplyAdd(c3, a, b);
                c4 = Vector512.FusedMultiplyAdd(c4, a, b);
                c5 = Vector512.FusedMultiplyAdd(c5, a, b);
                c6 = Vector512.FusedMultiplyAdd(c6, a, b);
                c7 = Vector512.FusedMultiplyAdd(c7, a, b);
                c8 = Vector512.FusedMultiplyAdd(c8, a, b);
                c9 = Vector512.FusedMultiplyAdd(c9, a, b);
                c10 = Vector512.FusedMultiplyAdd(c10, a, b);
                c11 = Vector512.FusedMultiplyAdd(c11, a, b);
            }
            s_sink = Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
            return 2.0 * Chains * Vector512<float>.Count * iterations;
        }
        else
        {
            var a = Vector256.Create(0.999999f);
            var b = Vector256.Create(1e-7f);
            Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector256.FusedMultiplyAdd(c0, a, b);
                c1 = Vector256.FusedMultiplyAdd(c1, a, b);
                c2 = Vector256.FusedMultiplyAdd(c2, a, b);
                c3 = Vector256.FusedMultiplyAdd(c3, a, b);
                c4 = Vector256.FusedMultiplyAdd(c4, a, b);
                c5 = Vector256.FusedMultiplyAdd(c5, a, b);
                c6 = Vector256.FusedMultiplyAdd(c6, a, b);
                c7 = Vector256.FusedMultiplyAdd(c7, a, b);
                c8 = Vector256.FusedMultiplyAdd(c8, a, b);
                c9 = Vector256.FusedMultiplyAdd(c9, a, b);
                c10 = Vector256.FusedMultiplyAdd(c10, a, b);
                c11 = Vector256.FusedMultiplyAdd(c11, a, b);
            }
            s_sink = Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
            return 2.0 * Chains * Vector256<float>.Count * iterations;
        }
    }

    private static unsafe double MeasureBandwidth(int threads)
    {
        var n = BandwidthElements * threads;
        var x = (float*)NativeMemory.AlignedAlloc((nuint)(n * sizeof(float)), 64);
        var y = (float*)NativeMemory.AlignedAlloc((nuint)(n * sizeof(float)), 64);
        try
        {
            new Span<float>(x, (int)n).Fill(1f);
            new Span<float>(y, (int)n).Clear();
            var best = 0.0;
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var watch = Stopwatch.StartNew();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    var start = t * BandwidthElements;
                    System.Numerics.Tensors.TensorPrimitives.Multiply(
                        new ReadOnlySpan<float>(x + start, (int)BandwidthElements), 0.5f, new Span<float>(y + start, (int)BandwidthElements));
                });
                best = Math.Max(best, 2.0 * sizeof(float) * n / watch.Elapsed.TotalSeconds);
            }
            return best;
        }
        finally
        {
            NativeMemory.AlignedFree(x);
            NativeMemory.AlignedFree(y);
        }
    }
}
