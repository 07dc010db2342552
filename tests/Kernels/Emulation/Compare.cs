using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>Element-by-element comparison with a tolerance |a − e| ≤ atol + rtol·|e|, naming the first mismatch.</summary>
public static class Compare
{
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rtol = 1e-5f, float atol = 1e-6f, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (float.IsNaN(e) && float.IsNaN(a)) continue;
            if (e == a) continue;
            if (!(Math.Abs(a - e) <= atol + (rtol * Math.Abs(e))))
            {
                Assert.Fail($"{what} element {i} of {expected.Length}: expected {e:R}, got {a:R}");
            }
        }
    }

    public static void Exact(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i]))
            {
                Assert.Fail($"{what} element {i} of {expected.Length}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

    public static float[] Random(int n, int seed, float low = -3f, float high = 3f)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = low + ((high - low) * (float)random.NextDouble());
        return values;
    }
}
