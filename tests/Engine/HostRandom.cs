namespace MultiMix.Tests.Engine;

/// <summary>Deterministic test inputs (System.Random with a fixed seed is stable within one runtime).</summary>
public sealed class HostRandom(int seed)
{
    private readonly System.Random _random = new(seed);

    public float[] Uniform(int n, float lo = -1f, float hi = 1f)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++) a[i] = lo + ((hi - lo) * (float)_random.NextDouble());
        return a;
    }

    /// <summary>Values <paramref name="gap"/> apart and at least gap/4 from zero, for ops with kinks or ties.</summary>
    public float[] Distinct(int n, float gap = 0.05f)
    {
        var order = Enumerable.Range(0, n).OrderBy(_ => _random.Next()).ToArray();
        return order.Select(i => (i - (n / 2f) + 0.75f) * gap).ToArray();
    }

    public int[] Labels(int n, int classes) => Enumerable.Range(0, n).Select(_ => _random.Next(classes)).ToArray();

    public float[] Binary(int n) => Enumerable.Range(0, n).Select(_ => _random.NextDouble() < 0.5 ? 0f : 1f).ToArray();
}
