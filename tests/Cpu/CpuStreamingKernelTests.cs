using MultiMix.Tensors.Cpu;
using MultiMix.Tests.Engine;
using Xunit;

namespace MultiMix.Tests.Cpu;

/// <summary>The parallel, vectorised streaming kernels (Adam, copies, fills) against direct loops, to the bit.</summary>
public sealed unsafe class CpuStreamingKernelTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(1003)]
    [InlineData(200_001)]
    public void Adam_matches_the_scalar_update(int n)
    {
        var r = new HostRandom(n);
        float[] param = r.Uniform(n), grad = r.Uniform(n), m = r.Uniform(n, 0f, 0.1f), v = r.Uniform(n, 0f, 0.01f);
        float[] p2 = (float[])param.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone();
        const float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
        const int step = 3;
        fixed (float* pp = param, pg = grad, pm = m, pv = v) CpuTraining.AdamStep(pp, pg, pm, pv, n, lr, beta1, beta2, eps, step);
        var stepSize = (float)(lr / (1 - Math.Pow(beta1, step)));
        var bc2Sqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
        for (var i = 0; i < n; i++)
        {
            var g = grad[i];
            m2[i] = (beta1 * m2[i]) + ((1 - beta1) * g);
            v2[i] = (beta2 * v2[i]) + ((1 - beta2) * g * g);
            p2[i] -= stepSize * m2[i] / ((MathF.Sqrt(v2[i]) / bc2Sqrt) + eps);
        }
        Assert.Equal(m2, m);
        Assert.Equal(v2, v);
        Assert.Equal(p2, param);
    }

    [Theory]
    [InlineData(3, 5, 11, 17)]
    [InlineData(40_000, 7, 40_001, 40_003)]
    [InlineData(1, 300_000, 3, 2)]
    [InlineData(70_000, 2, 70_000, 140_000)]
    public void Block_copies_and_fills_match_the_direct_loops(int blockLength, int blocks, int srcStride, int dstStride)
    {
        var src = new HostRandom(blockLength).Uniform((int)(((long)(blocks - 1) * srcStride) + blockLength + 3));
        var dst = new float[((blocks - 1) * dstStride) + blockLength + 5];
        var expected = new float[dst.Length];
        fixed (float* ps = src, pd = dst)
        {
            CpuCopy.Fill(pd, dst.Length, -2.5f);
            Array.Fill(expected, -2.5f);
            Assert.Equal(expected, dst);
            CpuCopy.Blocks(ps + 2, srcStride, pd + 1, dstStride, blockLength, blocks);
        }
        for (var b = 0; b < blocks; b++) Array.Copy(src, 2 + ((long)b * srcStride), expected, 1 + ((long)b * dstStride), blockLength);
        Assert.Equal(expected, dst);
    }
}
