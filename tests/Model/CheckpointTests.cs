using MultiMix.Model.Checkpoints;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Serialization;
using Xunit;

namespace MultiMix.Tests.Model;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mm-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MultiMixNet Net(int seed, int width = 2) => new(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, width, 32), (ulong)seed);

    [Fact]
    public void Round_trip_restores_weights_moments_and_metadata()
    {
        var path = Path.Combine(_dir, "a.safetensors");
        using var source = Net(1);
        using var adam = new Adam(source.NamedParameters(), 1e-4f);
        adam.Restore(17);
        Checkpoint.Save(path, source, adam, new Dictionary<string, string> { ["epoch"] = "4" });

        var checkpoint = Checkpoint.Read(path);
        Assert.Equal(source.Config, checkpoint.Config);
        Assert.Equal("4", checkpoint.Metadata["epoch"]);
        using var target = Net(2);
        using var adam2 = new Adam(target.NamedParameters(), 1e-4f);
        checkpoint.LoadInto(target, adam2);
        Assert.Equal(17, adam2.Steps);
        foreach (var ((name, a), (_, b)) in source.NamedParameters().Zip(target.NamedParameters()))
        {
            Assert.True(a.ToArray().AsSpan().SequenceEqual(b.ToArray()), name);
        }
    }

    [Fact]
    public void The_unused_published_tensor_is_accepted_and_other_architectures_are_refused()
    {
        using var net = Net(1);
        var path = Path.Combine(_dir, "torch.safetensors");
        var tensors = net.NamedParameters().ToDictionary(p => p.Name, p => HostTensor.From(p.Tensor));
        tensors["decoder.conv_last_saliency.weight"] = HostTensor.Of(new float[17], 1, 17, 1, 1);
        tensors["decoder.conv_last_saliency.bias"] = HostTensor.Of(new float[1], 1);
        SafeTensors.Write(path, tensors);
        var read = Checkpoint.Read(path);
        Assert.Null(read.Config);
        read.LoadInto(net);

        using var wider = Net(1, width: 4);
        var wrongShape = Assert.Throws<CheckpointException>(() => read.LoadInto(wider));
        Assert.Contains(path, wrongShape.Message);
        Assert.Contains("another architecture", wrongShape.Message);

        read.Tensors.Remove("encoder.fc.bias");
        var missing = Assert.Throws<CheckpointException>(() => read.LoadInto(net));
        Assert.Contains("encoder.fc.bias", missing.Message);
    }
}
