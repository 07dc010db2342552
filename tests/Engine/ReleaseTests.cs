using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>Released tensors give their memory back as soon as no backward step needs them, and not before.</summary>
public sealed class ReleaseTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void A_tensor_nothing_saved_is_freed_at_once_and_then_refuses_reads(string backendName)
    {
        using var backend = Backends.Create(backendName);
        var memory = (IMemoryPool)backend;
        using var scope = new TensorScope();
        var x = Tensor.FromArray(backend, [1f, -2f, 3f, 4f], 4);
        x.RequiresGrad = true;
        var y = F.Scale(x, 2f);
        var before = memory.BytesInUse;
        y.Release();
        Assert.True(memory.BytesInUse < before, "Scale saves nothing, so its released output must be freed at once.");
        var e = Assert.Throws<ObjectDisposedException>(() => y.ToArray());
        Assert.Contains("released", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void A_saved_tensor_lives_until_its_backward_has_run_and_gradients_are_unchanged(string backendName)
    {
        using var backend = Backends.Create(backendName);
        var memory = (IMemoryPool)backend;
        var r = new HostRandom(3);
        var data = r.Uniform(2 * 2 * 6 * 6);
        var weights = r.Uniform(3 * 2 * 9, -0.4f, 0.4f);
        float[] Gradient(bool release)
        {
            using var scope = new TensorScope();
            var w = Tensor.FromArray(backend, weights, 3, 2, 3, 3);
            w.RequiresGrad = true;
            var x = Tensor.FromArray(backend, data, 2, 2, 6, 6);
            var h = F.Conv2d(x, w, null);
            var n = F.InstanceNorm(h, 1e-5f, 0.2f);
            var loss = F.Sum(F.Mul(n, n));
            if (release)
            {
                var before = memory.BytesInUse;
                x.Release();
                Assert.Equal(before, memory.BytesInUse);
                h.Release();
                Assert.True(memory.BytesInUse < before, "The norm saves its output, not its input: the conv output goes at once.");
                n.Release();
            }
            var dw = Backprop.Grad(loss, w)[0];
            if (release)
            {
                Assert.Throws<ObjectDisposedException>(() => x.ToArray());
                Assert.Throws<ObjectDisposedException>(() => n.ToArray());
            }
            return dw.ToArray();
        }
        Assert.Equal(Gradient(release: false), Gradient(release: true));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Dropping_a_graph_without_backward_frees_what_it_saved(string backendName)
    {
        const int n = 4096;
        using var backend = Backends.Create(backendName);
        var memory = (IMemoryPool)backend;
        using var scope = new TensorScope();
        var w = Tensor.FromArray(backend, new HostRandom(1).Uniform(n), n);
        w.RequiresGrad = true;
        var x = Tensor.FromArray(backend, new HostRandom(2).Uniform(n), n);
        var y = F.Mul(x, w);
        var before = memory.BytesInUse;
        x.Release();
        Assert.Equal(before, memory.BytesInUse);
        y.Dispose();
        Assert.True(memory.BytesInUse <= before - (2 * n * sizeof(float)), "Disposing the output drops its node, and with it the saved input.");
    }
}
