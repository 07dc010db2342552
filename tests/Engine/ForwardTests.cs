using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>Each op's forward against <see cref="Reference"/> (or a definition written inline) on random inputs.</summary>
public sealed class ForwardTests
{
    private const double Tol = 1e-4;

    private static void Close(IEnumerable<double> expected, float[] actual, double tol = Tol)
    {
        var e = expected.ToArray();
        Assert.Equal(e.Length, actual.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - actual[i]) <= tol * (1 + Math.Abs(e[i])), $"element {i}: expected {e[i]}, got {actual[i]}");
        }
    }

    public static TheoryData<string, int, int, int, int> ConvCases()
    {
        var data = new TheoryData<string, int, int, int, int>();
        foreach (var backend in Backends.Names)
        {
            data.Add(backend, 3, 1, 5, 7);
            data.Add(backend, 3, 2, 6, 4);
            data.Add(backend, 1, 3, 3, 5);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2d_matches_direct_sum(string backendName, int k, int batch, int h, int w)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var r = new HostRandom(k + h);
        float[] x = r.Uniform(batch * 3 * h * w), wt = r.Uniform(4 * 3 * k * k), bias = r.Uniform(4);
        var y = F.Conv2d(Tensor.FromArray(b, x, batch, 3, h, w), Tensor.FromArray(b, wt, 4, 3, k, k), Tensor.FromArray(b, bias, 4));
        Close(Reference.Conv2d(x, wt, bias, batch, 3, 4, h, w, k), y.ToArray());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void InstanceNorm_plain_and_fused_leaky_relu(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var x = new HostRandom(1).Uniform(2 * 3 * 5 * 7, -3, 5);
        var t = Tensor.FromArray(b, x, 2, 3, 5, 7);
        Close(Reference.InstanceNorm(x, 6, 35, 1e-5, null), F.InstanceNorm(t).ToArray());
        Close(Reference.InstanceNorm(x, 6, 35, 1e-5, 0.2), F.InstanceNorm(t, 1e-5f, 0.2f).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => F.InstanceNorm(t, 1e-5f, 0f));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Pooling_and_resize(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var x = new HostRandom(2).Uniform(2 * 2 * 6 * 8);
        var t = Tensor.FromArray(b, x, 2, 2, 6, 8);
        Close(Reference.MaxPool2x2(x, 4, 6, 8), F.MaxPool2x2(t).ToArray());
        Close(Enumerable.Range(0, 4).Select(p => x.Skip(p * 48).Take(48).Average(v => (double)v)), F.GlobalAvgPool(t).ToArray());
        Close(Reference.Resize(x, 4, 6, 8, 12, 16), F.ResizeBilinear(t, 2.0).ToArray());
        Close(Reference.Resize(x, 4, 6, 8, 11, 5), F.ResizeBilinear(t, 11, 5).ToArray());
        var big = new HostRandom(3).Uniform(1 * 2 * 32 * 16);
        Close(Reference.Resize(big, 2, 32, 16, 4, 2), F.ResizeBilinear(Tensor.FromArray(b, big, 1, 2, 32, 16), 0.125).ToArray());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Linear_concat_narrow(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var r = new HostRandom(4);
        float[] x = r.Uniform(3 * 5), w = r.Uniform(2 * 5), bias = r.Uniform(2);
        var expected = new double[6];
        for (var i = 0; i < 3; i++)
            for (var o = 0; o < 2; o++) expected[(i * 2) + o] = bias[o] + Enumerable.Range(0, 5).Sum(k => (double)x[(i * 5) + k] * w[(o * 5) + k]);
        Close(expected, F.Linear(Tensor.FromArray(b, x, 3, 5), Tensor.FromArray(b, w, 2, 5), Tensor.FromArray(b, bias, 2)).ToArray());

        float[] p = [1, 2, 3, 4], q = [5, 6, 7, 8, 9, 10];
        var cat = F.Concat(2, Tensor.FromArray(b, p, 2, 1, 2), Tensor.FromArray(b, q, 2, 1, 3)).ToArray();
        Assert.Equal([1f, 2f, 5f, 6f, 7f, 3f, 4f, 8f, 9f, 10f], cat);
        var narrow = F.Narrow(Tensor.FromArray(b, q, 3, 2), 0, 1, 2).ToArray();
        Assert.Equal([7f, 8f, 9f, 10f], narrow);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Elementwise_and_reductions(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var r = new HostRandom(5);
        float[] x = r.Uniform(2 * 3 * 4), z = r.Uniform(2 * 3 * 4, 0.5f, 2f);
        Tensor X = Tensor.FromArray(b, x, 2, 3, 4), Z = Tensor.FromArray(b, z, 2, 3, 4);
        Close(x.Zip(z, (a, c) => (double)a + c), F.Add(X, Z).ToArray());
        Close(x.Zip(z, (a, c) => (double)a - c), F.Sub(X, Z).ToArray());
        Close(x.Zip(z, (a, c) => (double)a * c), F.Mul(X, Z).ToArray());
        Close(x.Zip(z, (a, c) => (double)a / c), F.Div(X, Z).ToArray());
        Close(x.Select(a => 2.5 * a), F.Scale(X, 2.5f).ToArray());
        Close(x.Select(a => a - 0.5), F.AddScalar(X, -0.5f).ToArray());
        Close(x.Select(a => (double)Math.Abs(a)), F.Abs(X).ToArray());
        Close(x.Select(a => Reference.Sigmoid(a)), F.Sigmoid(X).ToArray());
        Close(x.Select(a => a > 0 ? a : 0.2 * a), F.LeakyRelu(X, 0.2f).ToArray());
        Close(x.Select(a => Math.Exp(a)), F.Exp(X).ToArray());
        Close(z.Select(a => Math.Log(a)), F.Log(Z).ToArray());
        Close([x.Sum(a => (double)a)], F.Sum(X).ToArray());
        Close([x.Average(a => (double)a)], F.Mean(X).ToArray());
        Close(Enumerable.Range(0, 8).Select(o => Enumerable.Range(0, 3).Sum(c => (double)x[((o / 4) * 12) + (c * 4) + (o % 4)])), F.Sum(X, 1).ToArray());
        Close(Enumerable.Range(0, 6).Select(o => x.Skip(o * 4).Take(4).Average(a => (double)a)), F.Mean(X, 2).ToArray());
        var (values, indices) = F.Max(X, 1);
        var ix = indices.ToIntArray();
        for (var o = 0; o < 8; o++)
        {
            var column = Enumerable.Range(0, 3).Select(c => x[((o / 4) * 12) + (c * 4) + (o % 4)]).ToArray();
            Assert.Equal(column.Max(), values.ToArray()[o]);
            Assert.Equal(Array.IndexOf(column, column.Max()), ix[o]);
        }
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Softmax_cross_entropy_and_losses(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var r = new HostRandom(6);
        var logits = r.Uniform(4 * 3, -3, 3);
        var labels = new[] { 0, 2, 1, 2 };
        var L = Tensor.FromArray(b, logits, 4, 3);
        var logp = Reference.Softmax(logits, 4, 3, log: true);
        Close(Reference.Softmax(logits, 4, 3, log: false), F.Softmax(L, 1).ToArray());
        Close(logp, F.LogSoftmax(L, 1).ToArray());
        var ce = Enumerable.Range(0, 4).Select(i => -logp[(i * 3) + labels[i]]).ToArray();
        var lab = Tensor.FromArray(b, labels, 4);
        Close(ce, F.CrossEntropyPerSample(L, lab).ToArray());
        Close([ce.Average()], F.CrossEntropy(L, lab).ToArray());

        float[] seg = r.Uniform(2 * 1 * 3 * 3, -2, 2), target = r.Binary(18), other = r.Uniform(18, -2, 2);
        Close([Reference.Dice(seg, target, 2)], F.DiceLoss(Tensor.FromArray(b, seg, 2, 1, 3, 3), Tensor.FromArray(b, target, 2, 1, 3, 3)).ToArray());
        Close([Reference.Kl(seg, other)], F.BernoulliKl(Tensor.FromArray(b, seg, 2, 1, 3, 3), Tensor.FromArray(b, other, 2, 1, 3, 3)).ToArray());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Pseudo_label_mask_is_inclusive_at_the_threshold(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var edge = (float)Math.Log(0.7 / 0.3);
        float[] weak = [edge, 0f, edge - 0.01f, 0f, 0f, 5f];
        float[] strong = [0.3f, -0.2f, 1f, 2f, 0.5f, 0.1f];
        var (loss, mask) = F.PseudoLabelCrossEntropy(Tensor.FromArray(b, weak, 3, 2), Tensor.FromArray(b, strong, 3, 2), 0.7f);
        var m = mask.ToArray();
        Assert.Equal(1f, m[0]);
        Assert.Equal(0f, m[1]);
        Assert.Equal(1f, m[2]);
        var logp = Reference.Softmax(strong, 3, 2, log: true);
        Close([(-logp[0] - logp[5]) / 3], loss.ToArray());
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Dropout_follows_the_philox_stream_and_rate(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        const int n = 40001;
        var ones = Tensor.Full(b, 1f, n);
        var y = F.Dropout(ones, 0.25f, true, new RandomStream(42, 5)).ToArray();
        var u = new float[n];
        Philox.FillUniform(u, 42, 5);
        for (var i = 0; i < n; i++) Assert.Equal(u[i] >= 0.25f ? 1f / 0.75f : 0f, y[i]);
        var dropped = y.Count(v => v == 0f) / (double)n;
        Assert.InRange(dropped, 0.24, 0.26);
        Assert.Same(ones, F.Dropout(ones, 0.25f, false, new RandomStream(1)));
    }

    /// <summary>The fused op is instance norm + LeakyReLU, then dropout, to the bit, forward and backward; odd planes take the scalar path.</summary>
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void InstanceNormDropout_is_the_norm_then_the_dropout_exactly(string backendName)
    {
        var b = Backends.Get(backendName);
        foreach (int[] shape in new[] { new[] { 2, 3, 8, 8 }, [2, 3, 3, 5] })
        {
            using var scope = new TensorScope();
            var count = shape.Aggregate(1, (p, d) => p * d);
            var r = new HostRandom(count);
            var data = r.Uniform(count, -3f, 4f);
            var direction = Tensor.FromArray(b, r.Uniform(count), shape);
            (float[] Y, float[] Dx) Run(Func<Tensor, Tensor> op)
            {
                var x = Tensor.FromArray(b, data, shape);
                x.RequiresGrad = true;
                var y = op(x);
                var values = y.ToArray();
                return (values, Backprop.Grad(F.Sum(F.Mul(y, direction)), x)[0].ToArray());
            }
            var fused = Run(x => F.InstanceNormDropout(x, 1e-5f, 0.2f, 0.25f, true, new RandomStream(7, 11)));
            var composed = Run(x => F.Dropout(F.InstanceNorm(x, 1e-5f, 0.2f), 0.25f, true, new RandomStream(7, 11)));
            Assert.Equal(composed.Y, fused.Y);
            Assert.Equal(composed.Dx, fused.Dx);
            Assert.Contains(fused.Y, v => v == 0f);
        }
    }
}
