namespace MultiMix.Tensors.Random;

/// <summary>
/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a counter-based
/// generator. Any element of a stream is a pure function of (key, counter), so the CPU backend and a GPU kernel
/// that number elements the same way produce the same values, and a stream can be resumed from (seed, offset).
/// Element i of the stream (seed, offset) is word i % 4 of Philox(key = seed, counter = offset + i / 4).
/// </summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    /// <summary>Runs the ten Philox rounds on one 128-bit counter.</summary>
    public static (uint X0, uint X1, uint X2, uint X3) Block(ulong seed, ulong counter) =>
        Block((uint)seed, (uint)(seed >> 32), (uint)counter, (uint)(counter >> 32), 0, 0);

    /// <summary>The full-width form (two key words, four counter words), as in the Random123 reference.</summary>
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint k0, uint k1, uint x0, uint x1, uint x2, uint x3)
    {
        for (var round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * x0;
            ulong p1 = (ulong)M1 * x2;
            var y0 = (uint)(p1 >> 32) ^ x1 ^ k0;
            var y1 = (uint)p1;
            var y2 = (uint)(p0 >> 32) ^ x3 ^ k1;
            var y3 = (uint)p0;
            x0 = y0; x1 = y1; x2 = y2; x3 = y3;
            k0 += W0;
            k1 += W1;
        }
        return (x0, x1, x2, x3);
    }

    /// <summary>Maps the top 24 bits of a word to a float uniform in [0, 1).</summary>
    public static float ToUniform(uint word) => (word >> 8) * (1.0f / 16777216.0f);

    /// <summary>Fills <paramref name="destination"/> with elements [0, n) of the uniform stream (seed, offset).</summary>
    public static void FillUniform(Span<float> destination, ulong seed, ulong offset)
    {
        var n = destination.Length;
        for (var block = 0; block * 4 < n; block++)
        {
            var (a, b, c, d) = Block(seed, offset + (ulong)block);
            var i = block * 4;
            destination[i] = ToUniform(a);
            if (i + 1 < n) destination[i + 1] = ToUniform(b);
            if (i + 2 < n) destination[i + 2] = ToUniform(c);
            if (i + 3 < n) destination[i + 3] = ToUniform(d);
        }
    }

    /// <summary>How many counters a stream of <paramref name="count"/> elements consumes.</summary>
    public static ulong CountersFor(long count) => (ulong)((count + 3) / 4);
}
