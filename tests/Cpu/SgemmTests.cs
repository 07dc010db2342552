using MultiMix.Tensors.Cpu;
using Xunit;

namespace MultiMix.Tests.Cpu;

public unsafe class SgemmTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 },
        { 7, 7, 7 },
        { 33, 33, 33 },
        { 65, 65, 65 },
        { 129, 129, 129 },
        { 257, 257, 257 },
        { 1, 257, 33 },
        { 257, 1, 65 },
        { 17, 3, 300 },
        { 9, 33, 513 },
        { 70, 2100, 5 },
        { 300, 41, 260 },
    };

    public static TheoryData<bool, bool> TransposeCombos => new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    public static TheoryData<float, float> AlphaBeta => new()
    {
        { 1f, 0f },
        { 1f, 1f },
        { -0.5f, 2f },
        { 2.5f, -1f },
        { 0f, 0.5f },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatchesReferenceForAllTransposes(int m, int n, int k)
    {
        foreach (var (transA, transB) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            foreach (var kernel in SupportedKernels())
            {
                Check(kernel, parallel: true, transA, transB, m, n, k, 1.25f, 0.75f, padding: 0, seed: m * 31 + n * 7 + k);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TransposeCombos))]
    public void HonoursLeadingDimensionsLargerThanRows(bool transA, bool transB)
    {
        foreach (var kernel in SupportedKernels())
        {
            Check(kernel, parallel: false, transA, transB, 37, 45, 29, 1f, 1f, padding: 11, seed: 5);
            Check(kernel, parallel: true, transA, transB, 131, 97, 70, -1f, 0.5f, padding: 3, seed: 6);
        }
    }

    [Theory]
    [MemberData(nameof(AlphaBeta))]
    public void AppliesAlphaAndBeta(float alpha, float beta)
    {
        foreach (var kernel in SupportedKernels())
        {
            Check(kernel, parallel: true, false, false, 67, 91, 300, alpha, beta, padding: 2, seed: 9);
            Check(kernel, parallel: false, true, true, 13, 40, 520, alpha, beta, padding: 0, seed: 10);
        }
    }

    [Theory]
    [MemberData(nameof(TransposeCombos))]
    public void BetaZeroIgnoresNaNInC(bool transA, bool transB)
    {
        foreach (var kernel in SupportedKernels())
        {
            const int m = 45, n = 70, k = 33;
            var a = Random(m * k, 1);
            var b = Random(k * n, 2);
            var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
            var expected = new float[m * n];
            fixed (float* pa = a, pb = b, pc = c, pe = expected)
            {
                Sgemm.Multiply(kernel, true, transA, transB, m, n, k, 1f, pa, transA ? m : k, pb, transB ? k : n, 0f, pc, n);
                SgemmReference.Multiply(transA, transB, m, n, k, 1f, pa, transA ? m : k, pb, transB ? k : n, 0f, pe, n);
            }

            AssertClose(expected, c, k, kernel.ToString());
        }
    }

    [Fact]
    public void ZeroDepthScalesC()
    {
        var c = new[] { 1f, 2f, float.NaN, 4f };
        fixed (float* pc = c)
        {
            Sgemm.Multiply(false, false, 2, 2, 0, 1f, null, 1, null, 2, 3f, pc, 2);
        }

        Assert.Equal(3f, c[0]);
        Assert.Equal(6f, c[1]);
        Assert.Equal(12f, c[3]);
    }

    [Fact]
    public void PublicEntryPointMatchesReferenceAtLargeSize()
    {
        const int m = 300, n = 520, k = 611;
        var a = Random(m * k, 11);
        var b = Random(k * n, 12);
        var c = new float[m * n];
        var expected = new float[m * n];
        fixed (float* pa = a, pb = b, pc = c, pe = expected)
        {
            Sgemm.Multiply(false, false, m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
            SgemmReference.Multiply(false, false, m, n, k, 1f, pa, k, pb, n, 0f, pe, n);
        }

        AssertClose(expected, c, k, "public");
    }

    [Fact]
    public void RejectsTooSmallLeadingDimension()
    {
        var buffer = new float[16];
        fixed (float* p = buffer)
        {
            var pointer = (nint)p;
            Assert.Throws<ArgumentOutOfRangeException>(
                () => Sgemm.Multiply(false, false, 2, 2, 3, 1f, (float*)pointer, 2, (float*)pointer, 2, 0f, (float*)pointer, 2));
        }
    }

    internal static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    /// <summary>Float results of a length-k dot product of values in [-1, 1] are compared with a tolerance that grows with k.</summary>
    internal static void AssertClose(float[] expected, float[] actual, int k, string what)
    {
        var tolerance = 1e-5f * (k + 4);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(expected[i] - actual[i]);
            Assert.True(error <= tolerance * (1 + Math.Abs(expected[i])), $"{what}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }

    private static IEnumerable<SgemmKernel> SupportedKernels() => Enum.GetValues<SgemmKernel>().Where(Sgemm.IsSupported);

    private static void Check(
        SgemmKernel kernel, bool parallel, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int padding, int seed)
    {
        var aRows = transA ? k : m;
        var aCols = transA ? m : k;
        var bRows = transB ? n : k;
        var bCols = transB ? k : n;
        int lda = aCols + padding, ldb = bCols + padding, ldc = n + padding;
        var a = Random(aRows * lda, seed);
        var b = Random(bRows * ldb, seed + 1);
        var c = Random(m * ldc, seed + 2);
        var expected = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c, pe = expected)
        {
            Sgemm.Multiply(kernel, parallel, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            SgemmReference.Multiply(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pe, ldc);
        }

        AssertClose(expected, c, k, $"{kernel} transA={transA} transB={transB} {m}x{n}x{k} alpha={alpha} beta={beta}");
    }
}
