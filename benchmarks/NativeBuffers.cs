using System.Runtime.InteropServices;

namespace MultiMix.Benchmarks;

/// <summary>64-byte aligned native buffers filled with reproducible values in [-0.5, 0.5).</summary>
internal static unsafe class NativeBuffers
{
    public static float* Random(long count, int seed)
    {
        var buffer = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        var random = new Random(seed);
        for (long i = 0; i < count; i++)
        {
            buffer[i] = (float)random.NextDouble() - 0.5f;
        }

        return buffer;
    }
}
