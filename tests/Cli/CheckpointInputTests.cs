using MultiMix.Tensors.Serialization;
using MultiMix.Tests.Data;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>
/// Checkpoints given to eval and predict: damaged ones (impossible architecture, NaN weights) are refused in one
/// line, options that a checkpoint overrides are named, and several checkpoints get distinct names.
/// </summary>
public sealed class CheckpointInputTests
{
    private static string Error(CliRunner.Outcome outcome) => Assert.Single(outcome.StatusLines, l => l.StartsWith("multimix", StringComparison.Ordinal));

    private static string Train(TempFolder temp, string name)
    {
        var run = Path.Combine(temp.Path, name);
        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]);
        Assert.True(outcome.ExitCode == 0, outcome.Status);
        return Path.Combine(run, "best.safetensors");
    }

    private static string Image(TempFolder temp)
    {
        var path = temp.File("images", "x.png");
        Fixtures.Gray8Png(path, 40, 40, (x, y) => (byte)(x * y));
        return path;
    }

    [Theory]
    [InlineData(16, 33, "33")]
    [InlineData(-4, 64, "-4")]
    [InlineData(16, 1048576, "1048576")]
    public void An_impossible_architecture_in_the_metadata_is_refused_naming_the_file(int width, int size, string mention)
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "odd.safetensors");
        var config = $"{{\"variant\":\"multimix\",\"width\":{width},\"image_size\":{size}}}";
        SafeTensors.Write(path, new Dictionary<string, HostTensor> { ["encoder.fc.bias"] = HostTensor.Of(new float[2], 2) }, new Dictionary<string, string> { ["config"] = config });

        foreach (var args in new[]
        {
            new[] { "predict", "--checkpoint", path, "--input", Image(temp), "--out", Path.Combine(temp.Path, "p") },
            ["eval", "--checkpoint", path, .. CliRunner.TinyData(Path.Combine(temp.Path, "e"))],
        })
        {
            var outcome = CliRunner.Run(args);
            Assert.Equal(2, outcome.ExitCode);
            var error = Error(outcome);
            Assert.Contains(path, error, StringComparison.Ordinal);
            Assert.Contains(mention, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Non_finite_weights_are_refused_naming_the_tensor()
    {
        using var temp = new TempFolder();
        var best = Train(temp, "run");
        var (tensors, metadata) = SafeTensors.Read(best);
        tensors["decoder.conv_last.bias"].Floats![0] = float.NaN;
        var broken = Path.Combine(temp.Path, "broken.safetensors");
        SafeTensors.Write(broken, tensors, metadata);

        var outcome = CliRunner.Run("predict", "--checkpoint", broken, "--input", Image(temp), "--out", Path.Combine(temp.Path, "p"));

        Assert.Equal(2, outcome.ExitCode);
        var error = Error(outcome);
        Assert.Contains(broken, error, StringComparison.Ordinal);
        Assert.Contains("decoder.conv_last.bias", error, StringComparison.Ordinal);
        Assert.Contains("NaN", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Architecture_options_that_differ_from_the_checkpoint_are_named_in_one_line()
    {
        using var temp = new TempFolder();
        var best = Train(temp, "run");

        var predict = CliRunner.Run("predict", "--checkpoint", best, "--input", Image(temp), "--out", Path.Combine(temp.Path, "p"), "--size", "64", "--variant", "unet");
        Assert.True(predict.ExitCode == 0, predict.Status);
        var note = Assert.Single(predict.StatusLines, l => l.Contains("--size 64", StringComparison.Ordinal));
        Assert.Contains("--variant unet", note, StringComparison.Ordinal);
        Assert.Contains("32 px", note, StringComparison.Ordinal);

        var same = CliRunner.Run("predict", "--checkpoint", best, "--input", Image(temp), "--out", Path.Combine(temp.Path, "q"), "--size", "32");
        Assert.DoesNotContain(same.StatusLines, l => l.Contains("--size", StringComparison.Ordinal));
    }

    [Fact]
    public void Checkpoints_of_the_same_file_name_get_distinct_names_in_eval()
    {
        using var temp = new TempFolder();
        var a = Train(temp, "a");
        var b = Train(temp, "b");
        var evalOut = Path.Combine(temp.Path, "eval");

        var outcome = CliRunner.Run(["eval", "--checkpoint", $"{a},{b}", .. CliRunner.TinyData(evalOut)]);

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        var models = File.ReadAllLines(Path.Combine(evalOut, "report", "metrics.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        Assert.Equal(2, models.Count);
        Assert.Contains(models, m => m.Contains("a/best", StringComparison.Ordinal));
        Assert.Contains(models, m => m.Contains("b/best", StringComparison.Ordinal));
    }

    [Fact]
    public void Info_shows_the_architecture_the_epoch_whether_it_resumes_and_the_run_configuration()
    {
        using var temp = new TempFolder();
        var best = Train(temp, "run");
        var last = Path.Combine(temp.Path, "run", "last.safetensors");

        var info = CliRunner.Run("info", "--checkpoint", last);
        var bestInfo = CliRunner.Run("info", "--checkpoint", best);

        Assert.True(info.ExitCode == 0, info.Status);
        Assert.Contains("model: multimix, width 4, 32 px", info.Output, StringComparison.Ordinal);
        Assert.Contains("saved after epoch 1", info.Output, StringComparison.Ordinal);
        Assert.Contains("resume: yes", info.Output, StringComparison.Ordinal);
        Assert.Contains("resume: no", bestInfo.Output, StringComparison.Ordinal);
        var command = Assert.Single(info.Output.Split('\n'), l => l.StartsWith("trained with: multimix train ", StringComparison.Ordinal));
        foreach (var part in new[] { "--seed 1", "--size 32", "--width 4", "--batch 2", "--seg-labels 4", "--cls-count 24", "--lr 0.001" }) Assert.Contains(part, command, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "/r/a/best.safetensors", "/r/b/best.safetensors" }, new[] { "a/best", "b/best" })]
    [InlineData(new[] { "/x/run/best.safetensors", "/y/run/best.safetensors", "/x/run/last.safetensors" }, new[] { "x/run/best", "y/run/best", "x/run/last" })]
    [InlineData(new[] { "/r/a/best.safetensors", "/r/a/best.safetensors" }, new[] { "a/best", "a/best #2" })]
    public void Eval_names_tell_checkpoints_apart(string[] paths, string[] names) => Assert.Equal(names, MultiMix.Train.Runs.EvalRun.Names(paths));
}
