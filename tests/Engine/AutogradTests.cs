using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Diagnostics;
using Xunit;

namespace MultiMix.Tests.Engine;

public sealed class AutogradTests
{
    private static (Tensor W1, Tensor B1, Tensor W2, Tensor Fc) SmallEncoder(Tensors.Backend.IBackend b)
    {
        var r = new HostRandom(9);
        return (Tensor.Parameter(b, "w1", r.Uniform(4 * 1 * 9, -0.5f, 0.5f), 4, 1, 3, 3),
            Tensor.Parameter(b, "b1", r.Uniform(4), 4),
            Tensor.Parameter(b, "w2", r.Uniform(4 * 4 * 9, -0.5f, 0.5f), 4, 4, 3, 3),
            Tensor.Parameter(b, "fc", r.Uniform(2 * 4), 2, 4));
    }

    private static Tensor Scores(Tensor x, (Tensor W1, Tensor B1, Tensor W2, Tensor Fc) p)
    {
        var h = F.MaxPool2x2(F.InstanceNorm(F.Conv2d(x, p.W1, p.B1), 1e-5f, 0.2f));
        h = F.InstanceNorm(F.Conv2d(h, p.W2, null), 1e-5f, 0.2f);
        return F.Linear(F.GlobalAvgPool(h), p.Fc, null);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Input_gradient_runs_no_weight_gradient_kernel(string backendName)
    {
        using var device = Backends.Create(backendName);
        var b = new CountingBackend(device);
        var p = SmallEncoder(b);
        using var scope = new TensorScope();
        var x = Tensor.FromArray(b, new HostRandom(1).Uniform(2 * 8 * 8), 2, 1, 8, 8);
        x.RequiresGrad = true;
        var score = F.Sum(F.Max(Scores(x, p), 1).Values);
        var before = b.Kernels.Snapshot();
        var dx = Backprop.Grad(score, x)[0];
        var after = b.Kernels.Snapshot();
        long Ran(string k) => after.GetValueOrDefault(k) - before.GetValueOrDefault(k);
        Assert.Equal(0, Ran("Conv2dBackwardWeight"));
        Assert.Equal(2, Ran("Conv2dBackwardData"));
        Assert.Equal(1, Ran("Gemm"));
        Assert.Null(p.W1.Grad);
        Assert.Contains(dx.ToArray(), v => v != 0f);

        var x2 = Tensor.FromArray(b, new HostRandom(1).Uniform(2 * 8 * 8), 2, 1, 8, 8);
        var loss = F.Sum(F.Max(Scores(x2, p), 1).Values);
        var beforeFull = b.Kernels.Snapshot();
        Backprop.Backward(loss);
        var afterFull = b.Kernels.Snapshot();
        Assert.Equal(2, afterFull.GetValueOrDefault("Conv2dBackwardWeight") - beforeFull.GetValueOrDefault("Conv2dBackwardWeight"));
        Assert.Equal(1, afterFull.GetValueOrDefault("Conv2dBackwardData") - beforeFull.GetValueOrDefault("Conv2dBackwardData"));
        Assert.NotNull(p.W1.Grad);
        foreach (var t in new[] { p.W1, p.B1, p.W2, p.Fc }) t.Dispose();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Gradients_accumulate_across_two_backward_calls(string backendName)
    {
        var b = Backends.Get(backendName);
        var p = SmallEncoder(b);
        var input = new HostRandom(2).Uniform(2 * 8 * 8);
        float[] once;
        using (new TensorScope())
        {
            Backprop.Backward(F.Sum(Scores(Tensor.FromArray(b, input, 2, 1, 8, 8), p)));
            once = p.W2.Grad!.ToArray();
        }
        using (new TensorScope())
        {
            Backprop.Backward(F.Sum(Scores(Tensor.FromArray(b, input, 2, 1, 8, 8), p)));
        }
        var twice = p.W2.Grad!.ToArray();
        Assert.Contains(once, v => v != 0f);
        for (var i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 1e-5f);
        p.W2.ZeroGrad();
        Assert.Null(p.W2.Grad);
        foreach (var t in new[] { p.W1, p.B1, p.W2, p.Fc }) t.Dispose();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void No_grad_mode_records_nothing(string backendName)
    {
        var b = Backends.Get(backendName);
        var p = SmallEncoder(b);
        using var scope = new TensorScope();
        var x = Tensor.FromArray(b, new HostRandom(3).Uniform(64), 1, 1, 8, 8);
        Tensor y;
        using (GradMode.NoGrad()) y = Scores(x, p);
        Assert.Null(y.Node);
        Assert.False(y.RequiresGrad);
        Assert.NotNull(Scores(x, p).Node);
        foreach (var t in new[] { p.W1, p.B1, p.W2, p.Fc }) t.Dispose();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Backward_frees_the_graph(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var w = Tensor.FromArray(b, [1f, 2f, 3f], 3);
        w.RequiresGrad = true;
        var loss = F.Sum(F.Mul(w, w));
        Assert.NotNull(loss.Node);
        Backprop.Backward(loss);
        Assert.Null(loss.Node);
        Assert.Equal([2f, 4f, 6f], w.Grad!.ToArray());
        var e = Assert.Throws<InvalidOperationException>(() => Backprop.Backward(loss));
        Assert.Contains("already freed", e.Message);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Shared_subexpressions_sum_their_gradients(string backendName)
    {
        var b = Backends.Get(backendName);
        using var scope = new TensorScope();
        var x = Tensor.FromArray(b, [1f, -2f], 2);
        x.RequiresGrad = true;
        var y = F.Add(x, x);
        var z = F.Add(F.Mul(y, x), y);
        var g = Backprop.Grad(F.Sum(z), x)[0].ToArray();
        Assert.Equal([(4 * 1f) + 2, (4 * -2f) + 2], g);
    }
}
