using MultiMix.Tensors.Cpu;
using Xunit;

namespace MultiMix.Tests.Cpu;

public unsafe class Conv2dKernelsTests
{
    /// <summary>
    /// n, cin, cout, h, wd, k: odd image sizes, batch 1 and 3, channel counts 1, 3 and 17, rows that are
    /// whole multiples of 32 or 16 wide (which take the in-place paths on AVX-512 machines), and one input
    /// channel with rows of whole 8-float vectors (the direct single-channel input gradient: one vector, a partial
    /// block of eight, more than one block, a one-row image). Output channels in whole vectors with short rows
    /// take the channel-vector weight gradient on AVX-512: four-vector tiles, a one-vector tail (80, 48),
    /// several images per block (12×12), blocks of rows within one image (50×50), a 5×5 kernel and a 1×1, and 64
    /// channels with rows of 32 (which the dot-product kernel would otherwise take).
    /// </summary>
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        { 1, 1, 1, 5, 7, 3 },
        { 1, 1, 1, 5, 7, 1 },
        { 3, 3, 17, 5, 7, 3 },
        { 3, 17, 3, 5, 7, 3 },
        { 1, 17, 17, 7, 5, 3 },
        { 3, 3, 17, 5, 7, 1 },
        { 3, 17, 1, 7, 5, 1 },
        { 1, 3, 1, 1, 1, 3 },
        { 3, 17, 17, 33, 31, 3 },
        { 2, 1, 16, 40, 41, 3 },
        { 3, 17, 17, 70, 65, 1 },
        { 3, 17, 3, 5, 64, 3 },
        { 1, 3, 17, 7, 32, 3 },
        { 3, 9, 1, 6, 96, 1 },
        { 2, 1, 16, 64, 64, 3 },
        { 3, 17, 9, 6, 16, 3 },
        { 1, 3, 17, 5, 16, 3 },
        { 3, 1, 16, 9, 8, 3 },
        { 2, 1, 5, 4, 24, 3 },
        { 1, 1, 16, 3, 136, 3 },
        { 2, 1, 3, 1, 72, 3 },
        { 20, 64, 128, 4, 4, 3 },
        { 7, 33, 19, 8, 8, 3 },
        { 5, 3, 17, 15, 15, 3 },
        { 9, 40, 9, 3, 5, 1 },
        { 3, 5, 80, 12, 12, 3 },
        { 2, 3, 48, 50, 50, 3 },
        { 4, 7, 32, 6, 10, 5 },
        { 5, 2, 16, 7, 9, 1 },
        { 2, 5, 64, 3, 32, 3 },
    };

    /// <summary>
    /// A batch of small images goes through one kernel call whose pixels run over every image (the channel-vector
    /// kernel on AVX-512, else one GEMM); each output is the same sum in the same order as when the images are
    /// convolved one at a time, so the two agree bit for bit, forward and input gradient: a kernel that mixed up
    /// images or their padding would break it.
    /// </summary>
    [Theory]
    [InlineData(20, 64, 128, 4, 4, 3)]
    [InlineData(20, 128, 128, 8, 8, 3)]
    [InlineData(7, 33, 19, 8, 8, 3)]
    [InlineData(5, 3, 17, 15, 15, 3)]
    public void SmallImagesBatchedEqualOneAtATime(int n, int cin, int cout, int h, int wd, int k)
    {
        Assert.True(h * wd < Conv2dKernels.BatchedBelow);
        var x = SgemmTests.Random(n * cin * h * wd, 12);
        var w = SgemmTests.Random(cout * cin * k * k, 13);
        var bias = SgemmTests.Random(cout, 14);
        var dy = SgemmTests.Random(n * cout * h * wd, 15);
        var batched = new float[n * cout * h * wd];
        var single = new float[batched.Length];
        var dxBatched = new float[x.Length];
        var dxSingle = new float[x.Length];
        fixed (float* px = x, pw = w, pb = bias, pdy = dy, py = batched, ps = single, pdxb = dxBatched, pdxs = dxSingle)
        {
            Conv2dKernels.Forward(px, pw, pb, py, n, cin, cout, h, wd, k);
            Conv2dKernels.BackwardData(pdy, pw, pdxb, n, cin, cout, h, wd, k);
            for (var s = 0; s < n; s++)
            {
                Conv2dKernels.Forward(px + (long)s * cin * h * wd, pw, pb, ps + (long)s * cout * h * wd, 1, cin, cout, h, wd, k);
                Conv2dKernels.BackwardData(pdy + (long)s * cout * h * wd, pw, pdxs + (long)s * cin * h * wd, 1, cin, cout, h, wd, k);
            }
        }

        Assert.Equal(single, batched);
        Assert.Equal(dxSingle, dxBatched);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardMatchesReference(int n, int cin, int cout, int h, int wd, int k)
    {
        var x = SgemmTests.Random(n * cin * h * wd, 1);
        var w = SgemmTests.Random(cout * cin * k * k, 2);
        var bias = SgemmTests.Random(cout, 3);
        var expected = ConvReference.Forward(x, w, bias, n, cin, cout, h, wd, k);
        var y = Enumerable.Repeat(float.NaN, expected.Length).ToArray();
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            Conv2dKernels.Forward(px, pw, pb, py, n, cin, cout, h, wd, k);
        }

        SgemmTests.AssertClose(expected, y, cin * k * k, "forward");

        var withoutBias = ConvReference.Forward(x, w, null, n, cin, cout, h, wd, k);
        fixed (float* px = x, pw = w, py = y)
        {
            Conv2dKernels.Forward(px, pw, null, py, n, cin, cout, h, wd, k);
        }

        SgemmTests.AssertClose(withoutBias, y, cin * k * k, "forward without bias");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardDataMatchesReference(int n, int cin, int cout, int h, int wd, int k)
    {
        var dy = SgemmTests.Random(n * cout * h * wd, 4);
        var w = SgemmTests.Random(cout * cin * k * k, 5);
        var expected = ConvReference.BackwardData(dy, w, n, cin, cout, h, wd, k);
        var dx = Enumerable.Repeat(float.NaN, expected.Length).ToArray();
        fixed (float* pdy = dy, pw = w, pdx = dx)
        {
            Conv2dKernels.BackwardData(pdy, pw, pdx, n, cin, cout, h, wd, k);
        }

        SgemmTests.AssertClose(expected, dx, cout * k * k, "backward data");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardWeightMatchesReference(int n, int cin, int cout, int h, int wd, int k)
    {
        var dy = SgemmTests.Random(n * cout * h * wd, 6);
        var x = SgemmTests.Random(n * cin * h * wd, 7);
        var (expectedDw, expectedDbias) = ConvReference.BackwardWeight(dy, x, n, cin, cout, h, wd, k);
        var dw = Enumerable.Repeat(float.NaN, expectedDw.Length).ToArray();
        var dbias = Enumerable.Repeat(float.NaN, cout).ToArray();
        fixed (float* pdy = dy, px = x, pdw = dw, pdb = dbias)
        {
            Conv2dKernels.BackwardWeight(pdy, px, pdw, pdb, n, cin, cout, h, wd, k);
        }

        SgemmTests.AssertClose(expectedDw, dw, n * h * wd, "backward weight");
        SgemmTests.AssertClose(expectedDbias, dbias, n * h * wd, "backward bias");

        var again = new float[dw.Length];
        fixed (float* pdy = dy, px = x, pdw = again)
        {
            Conv2dKernels.BackwardWeight(pdy, px, pdw, null, n, cin, cout, h, wd, k);
        }

        Assert.Equal(dw, again);
    }

    /// <summary>
    /// L(x, w) = ⟨dy, conv(x, w)⟩ is linear in x and in w, so central finite differences of L equal the
    /// gradients the backward kernels return, and ⟨dx, x⟩ = ⟨dw, w⟩ = L (the backward kernels are the adjoint).
    /// </summary>
    [Theory]
    [InlineData(1, 3, 5, 5, 7, 3)]
    [InlineData(3, 17, 3, 7, 5, 3)]
    [InlineData(3, 5, 17, 5, 7, 1)]
    [InlineData(3, 3, 9, 3, 32, 3)]
    public void BackwardKernelsAreTheGradientOfTheForwardPass(int n, int cin, int cout, int h, int wd, int k)
    {
        var x = SgemmTests.Random(n * cin * h * wd, 8);
        var w = SgemmTests.Random(cout * cin * k * k, 9);
        var dy = SgemmTests.Random(n * cout * h * wd, 10);
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        fixed (float* px = x, pw = w, pdy = dy, pdx = dx, pdw = dw)
        {
            Conv2dKernels.BackwardData(pdy, pw, pdx, n, cin, cout, h, wd, k);
            Conv2dKernels.BackwardWeight(pdy, px, pdw, null, n, cin, cout, h, wd, k);
        }

        var loss = Loss(x, w, dy, n, cin, cout, h, wd, k);
        Assert.Equal(loss, Dot(dx, x), 3);
        Assert.Equal(loss, Dot(dw, w), 3);

        const float step = 0.25f;
        var random = new Random(11);
        for (var probe = 0; probe < 12; probe++)
        {
            var i = random.Next(x.Length);
            var numeric = CentralDifference(x, i, step, () => Loss(x, w, dy, n, cin, cout, h, wd, k));
            Assert.Equal(numeric, dx[i], 3);

            var j = random.Next(w.Length);
            numeric = CentralDifference(w, j, step, () => Loss(x, w, dy, n, cin, cout, h, wd, k));
            Assert.Equal(numeric, dw[j], 3);
        }
    }

    [Fact]
    public void RejectsEvenKernels()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Conv2dKernels.Forward(null, null, null, null, 1, 1, 1, 4, 4, 2));
    }

    private static double CentralDifference(float[] values, int index, float step, Func<double> loss)
    {
        var saved = values[index];
        values[index] = saved + step;
        var up = loss();
        values[index] = saved - step;
        var down = loss();
        values[index] = saved;
        return (up - down) / (2 * step);
    }

    private static double Loss(float[] x, float[] w, float[] dy, int n, int cin, int cout, int h, int wd, int k)
    {
        var y = new float[dy.Length];
        fixed (float* px = x, pw = w, py = y)
        {
            Conv2dKernels.Forward(px, pw, null, py, n, cin, cout, h, wd, k);
        }

        return Dot(dy, y);
    }

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
