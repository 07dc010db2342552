using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Random;
using MultiMix.Tests.Engine;
using Xunit;

namespace MultiMix.Tests.Model;

public sealed class NetworkTests
{
    [Fact]
    public void Width_16_has_the_published_parameter_count_and_names()
    {
        using var net = new MultiMixNet(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, 16, 256), 1);
        Assert.Equal(1_965_155, net.ParameterCount());
        Assert.Equal(1_178_994, net.Encoder.ParameterCount());
        var names = net.NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("encoder.dconv_down1.0.weight", names);
        Assert.Contains("encoder.dconv_down5.3.bias", names);
        Assert.Contains("encoder.fc.weight", names);
        Assert.Contains("decoder.dconv_up4.0.weight", names);
        Assert.Contains("decoder.conv_last.bias", names);
        var up4 = net.NamedParameters().Single(p => p.Name == "decoder.dconv_up4.0.weight").Tensor;
        Assert.Equal(new Shape(128, 256 + 128 + 2, 3, 3), up4.Shape);
    }

    [Theory]
    [InlineData(ModelVariant.UNet, true, false)]
    [InlineData(ModelVariant.Enc, false, true)]
    [InlineData(ModelVariant.Umtl, true, true)]
    [InlineData(ModelVariant.MultiMix, true, true)]
    public void Each_variant_produces_its_outputs_with_the_right_shapes(ModelVariant variant, bool segments, bool classifies)
    {
        using var net = new MultiMixNet(CpuBackend.Shared, new ModelConfig(variant, 4, 64), 2);
        using var scope = new TensorScope();
        var x = Tensor.FromArray(CpuBackend.Shared, new HostRandom(1).Uniform(3 * 64 * 64), 3, 1, 64, 64);
        var (seg, cls) = net.Forward(x, new RandomStream(3));
        Assert.Equal(segments, seg is not null);
        Assert.Equal(classifies, cls is not null);
        if (seg is not null) Assert.Equal(new Shape(3, 1, 64, 64), seg.Shape);
        if (cls is not null) Assert.Equal(new Shape(3, 2), cls.Shape);
    }

    [Fact]
    public void Configs_that_the_encoder_cannot_halve_five_times_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new MultiMixNet(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, 4, 48), 1));
        Assert.Contains("multiple of 32", e.Message);
    }

    /// <summary>Inference passes no dropout stream: in evaluation mode the output is that of any stream; in training mode one is required.</summary>
    [Fact]
    public void Evaluation_mode_needs_no_dropout_stream_and_training_mode_requires_one()
    {
        using var net = new MultiMixNet(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, 2, 32), 4);
        using var scope = new TensorScope();
        var x = Tensor.FromArray(CpuBackend.Shared, new HostRandom(2).Uniform(2 * 32 * 32), 2, 1, 32, 32);
        Assert.Throws<InvalidOperationException>(() => net.Forward(x));
        var trained = net.Forward(x, new RandomStream(5)).Segmentation!.ToArray();
        net.Eval();
        var inferred = net.Forward(x).Segmentation!.ToArray();
        Assert.Equal(inferred, net.Forward(x, new RandomStream(9)).Segmentation!.ToArray());
        Assert.NotEqual(trained, inferred);
    }
}
