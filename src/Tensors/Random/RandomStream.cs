namespace MultiMix.Tensors.Random;

/// <summary>
/// A seeded position in the Philox stream. Each draw takes the next counters, so the whole run is reproducible
/// from (Seed, Offset), which is what a checkpoint stores to resume exactly.
/// </summary>
public sealed class RandomStream(ulong seed, ulong offset = 0)
{
    public ulong Seed { get; } = seed;

    public ulong Offset { get; private set; } = offset;

    /// <summary>Reserves counters for <paramref name="count"/> elements and returns the offset they start at.</summary>
    public ulong Reserve(long count)
    {
        var start = Offset;
        Offset += Philox.CountersFor(count);
        return start;
    }

    /// <summary>Next uniform float in [0, 1) (consumes one counter).</summary>
    public float NextUniform() => Philox.ToUniform(Philox.Block(Seed, Reserve(1)).X0);

    /// <summary>Next integer in [0, bound) (consumes one counter).</summary>
    public int NextInt(int bound)
    {
        var (a, b, _, _) = Philox.Block(Seed, Reserve(1));
        var wide = ((ulong)a << 32) | b;
        return (int)(wide % (ulong)bound);
    }

    /// <summary>A Fisher–Yates permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
