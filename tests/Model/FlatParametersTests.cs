using MultiMix.Model.Layers;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;
using MultiMix.Tests.Engine;
using Xunit;

namespace MultiMix.Tests.Model;

/// <summary>
/// A network's parameters and gradients in one flat buffer each, and Adam over the flat buffer in one launch:
/// the same bits as Adam launched per parameter (the update is elementwise), on every backend.
/// </summary>
public sealed class FlatParametersTests
{
    private const int Size = 32;

    /// <summary>Two linear layers, the second optionally left out of the objective (a parameter without a gradient).</summary>
    private sealed class TwoLayers : Module
    {
        public TwoLayers(IBackend backend, bool flat)
        {
            var init = new RandomStream(3);
            First = AddChild("first", new LinearLayer(backend, init, 4, 3));
            Second = AddChild("second", new LinearLayer(backend, init, 3, 2));
            if (flat) FlattenParameters(backend);
        }

        public LinearLayer First { get; }

        public LinearLayer Second { get; }
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void TheFlatBuffersHoldEveryParameterAndGradientBackToBackInNameOrder(string name)
    {
        var b = Backends.Get(name);
        using var flat = new TwoLayers(b, flat: true);
        using var plain = new TwoLayers(b, flat: false);
        Backward(b, flat, true);
        Backward(b, plain, true);
        var values = new float[flat.Flat!.Length];
        var gradients = new float[flat.Flat.Length];
        b.Download(flat.Flat.Values, values);
        b.Download(flat.Flat.Gradients, gradients);
        Assert.Equal(plain.ParameterCount(), flat.Flat.Length);
        Assert.Equal(plain.NamedParameters().Select(p => p.Name), flat.Flat.Slots.Select(s => s.Name));
        Assert.Equal(plain.NamedParameters().SelectMany(p => p.Tensor.ToArray()), values);
        Assert.Equal(plain.NamedParameters().SelectMany(p => p.Tensor.Grad!.ToArray()), gradients);
        Assert.Equal(flat.Flat.Slots.Select(s => s.Offset), [0L, 12, 15, 21]);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void FlatAdamGivesTheBitsOfPerParameterAdamOverSeveralSteps(string name)
    {
        var b = Backends.Get(name);
        var config = new ModelConfig(ModelVariant.MultiMix, 2, Size);
        using var fused = new MultiMixNet(b, config, 5);
        using var single = new MultiMixNet(b, config, 5);
        using var fusedAdam = new Adam(fused.Flat!, 1e-3f);
        using var singleAdam = new Adam(single.NamedParameters(), 1e-3f);
        for (var step = 0; step < 3; step++)
        {
            Step(fused, fusedAdam, step);
            Step(single, singleAdam, step);
        }
        foreach (var ((name1, a), (_, c)) in fused.NamedParameters().Zip(single.NamedParameters())) Assert.True(a.ToArray().SequenceEqual(c.ToArray()), $"{name1} differs");
        foreach (var ((name1, a), (_, c)) in fusedAdam.State().Zip(singleAdam.State())) Assert.True(a.ToArray().SequenceEqual(c.ToArray()), $"{name1} differs");
        Assert.Equal(3, fusedAdam.Steps);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void AParameterTheBackwardPassMissedIsLeftAloneAsPerParameterAdamLeavesIt(string name)
    {
        var b = Backends.Get(name);
        using var flat = new TwoLayers(b, flat: true);
        using var plain = new TwoLayers(b, flat: false);
        using var flatAdam = new Adam(flat.Flat!, 0.1f);
        using var plainAdam = new Adam(plain.NamedParameters(), 0.1f);
        for (var step = 0; step < 3; step++)
        {
            Backward(b, flat, step != 1);
            Backward(b, plain, step != 1);
            flatAdam.Step();
            plainAdam.Step();
        }
        foreach (var ((n, a), (_, c)) in flat.NamedParameters().Zip(plain.NamedParameters())) Assert.True(a.ToArray().SequenceEqual(c.ToArray()), $"{n} differs");
        foreach (var ((n, a), (_, c)) in flatAdam.State().Zip(plainAdam.State())) Assert.True(a.ToArray().SequenceEqual(c.ToArray()), $"{n} differs");
    }

    [Fact]
    public void DisposingTheNetworkFreesTheFlatBuffers()
    {
        using var b = Backends.Create("cpu");
        var before = ((IMemoryPool)b).BytesInUse;
        var model = new MultiMixNet(b, new ModelConfig(ModelVariant.UNet, 2, Size), 1);
        Assert.True(((IMemoryPool)b).BytesInUse >= before + (2 * 4 * model.ParameterCount()));
        model.Dispose();
        Assert.Equal(before, ((IMemoryPool)b).BytesInUse);
    }

    /// <summary>Backward of Σ(second(first(x))) (or of Σ first(x) alone, which leaves the second layer without a gradient).</summary>
    private static void Backward(IBackend b, TwoLayers m, bool both)
    {
        using var scope = new TensorScope();
        var x = Tensor.FromArray(b, [0.5f, -1f, 2f, 0.25f, 1f, 1f, -0.5f, 0f], 2, 4);
        var h = m.First.Forward(x);
        Backprop.Backward(F.Sum(both ? m.Second.Forward(h) : h));
    }

    /// <summary>One MultiMix step on a fixed synthetic batch (the step's number picks the batch and dropout).</summary>
    private static void Step(MultiMixNet model, Adam adam, int step)
    {
        var b = model.Backend;
        var layout = new StreamLayout(1, 1, 1, 1);
        var images = new float[layout.Total * Size * Size];
        Philox.FillUniform(images, 11, (ulong)step * 1000);
        for (var i = 0; i < images.Length; i++) images[i] = (2 * images[i]) - 1;
        var masks = images.Take(Size * Size).Select(v => v > 0 ? 1f : 0f).ToArray();
        using (new TensorScope())
        {
            var x = Tensor.FromArray(b, images, layout.Total, 1, Size, Size);
            var (seg, cls) = model.Forward(x, new RandomStream(9, (ulong)step * 100_000));
            var (loss, _) = MultiMixLoss.Compute(ModelVariant.MultiMix, new LossWeights(), layout, seg, cls, Tensor.FromArray(b, masks, 1, 1, Size, Size), Tensor.FromArray(b, [1], 1));
            Backprop.Backward(loss);
        }
        adam.Step();
    }
}
