using MultiMix.Tensors.Serialization;
using MultiMix.Tests.Train;
using Xunit;

namespace MultiMix.Tests.Cli;

public sealed class TrainEndToEndTests
{
    [Fact]
    public void Train_then_eval_then_predict_on_synthetic_data()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        var train = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "3")]);
        Assert.True(train.ExitCode == 0, train.Status);
        Assert.True(File.Exists(Path.Combine(run, "best.safetensors")));
        Assert.True(File.Exists(Path.Combine(run, "last.safetensors")));
        Assert.Single(File.ReadAllLines(Path.Combine(run, "metrics.jsonl")));
        Assert.Contains("in-domain", train.Output);
        Assert.Contains("cross-domain", train.Output);
    }

    /// <summary>Two epochs straight, or one epoch then a resume for the second: the weights end identical.</summary>
    [Fact]
    public void Resume_continues_exactly_where_the_run_stopped()
    {
        using var temp = new TempFolder();
        var straight = Path.Combine(temp.Path, "straight");
        var split = Path.Combine(temp.Path, "split");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(straight, "--epochs", "2", "--lr-step", "1")]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(split, "--epochs", "1", "--lr-step", "1")]).ExitCode);
        var resumed = CliRunner.Run(["train", .. CliRunner.Tiny(split, "--epochs", "2", "--lr-step", "1", "--resume", Path.Combine(split, "last.safetensors"))]);
        Assert.True(resumed.ExitCode == 0, resumed.Status);
        Assert.Contains("Resuming", resumed.Status);

        var a = SafeTensors.Read(Path.Combine(straight, "last.safetensors"));
        var b = SafeTensors.Read(Path.Combine(split, "last.safetensors"));
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        foreach (var (name, t) in a.Tensors) Assert.True(t.Floats.AsSpan().SequenceEqual(b.Tensors[name].Floats), $"{name} differs after resuming");
        Assert.Equal(a.Metadata["dropout_offset"], b.Metadata["dropout_offset"]);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(split, "metrics.jsonl")).Length);
    }
}
