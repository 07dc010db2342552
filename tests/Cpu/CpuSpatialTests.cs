using MultiMix.Tensors.Cpu;
using MultiMix.Tests.Engine;
using Xunit;

namespace MultiMix.Tests.Cpu;

/// <summary>
/// The vectorised pooling and the table-driven resampling give the direct loops' results to the bit; the
/// resampling's backward, which spreads gradients one axis at a time, agrees with the direct four-tap scatter to
/// float rounding and is the exact adjoint of the forward.
/// </summary>
public sealed unsafe class CpuSpatialTests
{
    [Theory]
    [InlineData(3, 4, 6)]
    [InlineData(2, 8, 32)]
    [InlineData(5, 6, 22)]
    [InlineData(1, 64, 64)]
    public void Max_pooling_matches_the_first_maximum_rule_with_ties_and_nans(int planes, int h, int w)
    {
        var x = new HostRandom(h * w).Uniform(planes * h * w);
        for (var i = 0; i < x.Length; i += 7) x[i] = x[i + 1 < x.Length ? i + 1 : i];
        for (var i = 3; i < x.Length; i += 37) x[i] = float.NaN;
        int ho = h / 2, wo = w / 2, n = planes * ho * wo;
        float[] y = new float[n], dy = new HostRandom(5).Uniform(n), dx = new float[x.Length];
        var argmax = new int[n];
        fixed (float* px = x, py = y, pdy = dy, pdx = dx)
        fixed (int* pa = argmax)
        {
            CpuSpatial.MaxPool2x2(px, py, pa, planes, h, w);
            CpuSpatial.MaxPool2x2Backward(pdy, pa, pdx, planes, h, w);
        }
        var expectedDx = new float[x.Length];
        for (var p = 0; p < planes; p++)
        {
            for (var i = 0; i < ho; i++)
            {
                for (var j = 0; j < wo; j++)
                {
                    var k = (2 * i * w) + (2 * j);
                    var plane = p * h * w;
                    var best = k;
                    if (x[plane + k + 1] > x[plane + best]) best = k + 1;
                    if (x[plane + k + w] > x[plane + best]) best = k + w;
                    if (x[plane + k + w + 1] > x[plane + best]) best = k + w + 1;
                    var o = (p * ho * wo) + (i * wo) + j;
                    Assert.Equal(best, argmax[o]);
                    Assert.Equal(BitConverter.SingleToInt32Bits(x[plane + best]), BitConverter.SingleToInt32Bits(y[o]));
                    expectedDx[plane + best] += dy[o];
                }
            }
        }
        Assert.Equal(expectedDx.Select(BitConverter.SingleToInt32Bits), dx.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(4, 8, 8, 16, 16)]
    [InlineData(3, 5, 7, 9, 13)]
    [InlineData(2, 16, 24, 2, 3)]
    [InlineData(2, 32, 32, 4, 4)]
    [InlineData(1, 1, 6, 3, 12)]
    public void Resize_matches_the_direct_loop_and_its_backward_is_its_adjoint(int planes, int hIn, int wIn, int hOut, int wOut)
    {
        var x = new HostRandom(hIn + wOut).Uniform(planes * hIn * wIn);
        var dy = new HostRandom(7).Uniform(planes * hOut * wOut);
        float[] y = new float[dy.Length], dx = new float[x.Length];
        fixed (float* px = x, py = y, pdy = dy, pdx = dx)
        {
            CpuSpatial.ResizeBilinear(px, py, planes, hIn, wIn, hOut, wOut);
            CpuSpatial.ResizeBilinearBackward(pdy, pdx, planes, hIn, wIn, hOut, wOut);
        }
        float[] expectedY = new float[y.Length], expectedDx = new float[x.Length];
        for (var p = 0; p < planes; p++)
        {
            for (var i = 0; i < hOut; i++)
            {
                var (r0, r1, fy) = Source(i, hIn, hOut);
                for (var j = 0; j < wOut; j++)
                {
                    var (c0, c1, fx) = Source(j, wIn, wOut);
                    var b = p * hIn * wIn;
                    var top = x[b + (r0 * wIn) + c0] + (fx * (x[b + (r0 * wIn) + c1] - x[b + (r0 * wIn) + c0]));
                    var bottom = x[b + (r1 * wIn) + c0] + (fx * (x[b + (r1 * wIn) + c1] - x[b + (r1 * wIn) + c0]));
                    var o = (p * hOut * wOut) + (i * wOut) + j;
                    expectedY[o] = top + (fy * (bottom - top));
                    var g = dy[o];
                    expectedDx[b + (r0 * wIn) + c0] += g * (1 - fy) * (1 - fx);
                    expectedDx[b + (r0 * wIn) + c1] += g * (1 - fy) * fx;
                    expectedDx[b + (r1 * wIn) + c0] += g * fy * (1 - fx);
                    expectedDx[b + (r1 * wIn) + c1] += g * fy * fx;
                }
            }
        }
        Assert.Equal(expectedY, y);
        for (var i = 0; i < dx.Length; i++) Assert.True(Math.Abs(expectedDx[i] - dx[i]) <= 1e-5 * (1 + Math.Abs(expectedDx[i])), $"dx[{i}]: direct {expectedDx[i]}, got {dx[i]}");
        double forward = 0, adjoint = 0;
        for (var i = 0; i < y.Length; i++) forward += (double)y[i] * dy[i];
        for (var i = 0; i < x.Length; i++) adjoint += (double)x[i] * dx[i];
        Assert.True(Math.Abs(forward - adjoint) <= 1e-5 * (1 + Math.Abs(forward)), $"<resize(x), dy> = {forward} but <x, resize'(dy)> = {adjoint}");

        static (int, int, float) Source(int i, int inSize, int outSize)
        {
            if (outSize == 1 || inSize == 1) return (0, 0, 0f);
            var pos = (float)i * (inSize - 1) / (outSize - 1);
            var i0 = Math.Min((int)pos, inSize - 1);
            return (i0, Math.Min(i0 + 1, inSize - 1), pos - i0);
        }
    }
}
