using System.Globalization;
using System.Text.Json;
using MultiMix.Tensors.Serialization;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>
/// Resuming: the checkpoint carries the whole run configuration, a resume reads it back (seed included) and
/// refuses or announces every difference, the history and the best checkpoint follow into another folder, and
/// the cases that cannot be resumed say why.
/// </summary>
public sealed class ResumeTests
{
    private static string Error(CliRunner.Outcome outcome) => Assert.Single(outcome.StatusLines, l => l.StartsWith("multimix", StringComparison.Ordinal));

    private static void AssertSameWeights(string a, string b)
    {
        var x = SafeTensors.Read(a).Tensors;
        var y = SafeTensors.Read(b).Tensors;
        Assert.Equal(x.Keys.Order(), y.Keys.Order());
        foreach (var (name, t) in x) Assert.True(t.Floats.AsSpan().SequenceEqual(y[name].Floats), $"{name} differs");
    }

    /// <summary>The first run used --seed 3 and --lr 0.002; resuming with neither option continues with both, exactly as one straight run.</summary>
    [Fact]
    public void Resume_reads_the_run_configuration_back_from_the_checkpoint()
    {
        using var temp = new TempFolder();
        var straight = Path.Combine(temp.Path, "straight");
        var split = Path.Combine(temp.Path, "split");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(straight, "--epochs", "2", "--seed", "3", "--lr", "0.002", "--seg-labels", "5")]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(split, "--epochs", "1", "--seed", "3", "--lr", "0.002", "--seg-labels", "5")]).ExitCode);

        var resumed = CliRunner.Run("train", "--resume", Path.Combine(split, "last.safetensors"), "--epochs", "2");

        Assert.True(resumed.ExitCode == 0, resumed.Status);
        AssertSameWeights(Path.Combine(straight, "last.safetensors"), Path.Combine(split, "last.safetensors"));
        Assert.Contains(resumed.StatusLines, l => l.Contains("--epochs 1 → 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Resume_refuses_other_seeds_data_or_architecture_and_announces_schedule_changes()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1", "--seed", "3")]).ExitCode);
        var last = Path.Combine(run, "last.safetensors");

        var refused = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "2", "--resume", last, "--seed", "4", "--seg-labels", "3", "--width", "8")]);
        Assert.Equal(2, refused.ExitCode);
        var error = Error(refused);
        foreach (var part in new[] { "--seed 3", "--seed 4", "--seg-labels", "--width" }) Assert.Contains(part, error, StringComparison.Ordinal);

        var changed = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "2", "--max-steps", "1", "--resume", last, "--lr", "0.0005")]);
        Assert.True(changed.ExitCode == 0, changed.Status);
        Assert.Contains(changed.StatusLines, l => l.Contains("--lr 0.001 → 0.0005", StringComparison.Ordinal));
    }

    /// <summary>Resuming epoch 2's checkpoint into a new folder keeps epochs 1–2 of the history and the best checkpoint among all epochs.</summary>
    [Fact]
    public void Resuming_into_another_folder_carries_the_history_and_the_best_checkpoint()
    {
        using var temp = new TempFolder();
        var first = Path.Combine(temp.Path, "first");
        var second = Path.Combine(temp.Path, "second");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(first, "--epochs", "2")]).ExitCode);

        var resumed = CliRunner.Run(["train", .. CliRunner.Tiny(second, "--epochs", "3", "--resume", Path.Combine(first, "last.safetensors"))]);

        Assert.True(resumed.ExitCode == 0, resumed.Status);
        var history = File.ReadAllLines(Path.Combine(second, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1, 2, 3], history.Select(r => r.GetProperty("epoch").GetInt32()));
        var losses = history.Select(r => r.GetProperty("val_loss").GetDouble()).ToList();
        var bestEpoch = losses.IndexOf(losses.Min()) + 1;
        var best = SafeTensors.Read(Path.Combine(second, "best.safetensors")).Metadata;
        Assert.Equal(bestEpoch.ToString(CultureInfo.InvariantCulture), best["epoch"]);
    }

    [Fact]
    public void Resuming_a_finished_run_says_there_is_nothing_to_train_and_creates_nothing()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]).ExitCode);
        var elsewhere = Path.Combine(temp.Path, "elsewhere");

        var outcome = CliRunner.Run("train", "--resume", Path.Combine(run, "last.safetensors"), "--out", elsewhere);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("nothing to train", Error(outcome), StringComparison.Ordinal);
        Assert.Contains("--epochs", Error(outcome), StringComparison.Ordinal);
        Assert.False(Directory.Exists(elsewhere));
    }

    [Fact]
    public void Resuming_a_best_checkpoint_points_to_the_last_one()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]).ExitCode);

        var outcome = CliRunner.Run("train", "--resume", Path.Combine(run, "best.safetensors"), "--epochs", "2");

        Assert.Equal(2, outcome.ExitCode);
        var error = Error(outcome);
        Assert.Contains("optimizer state", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(run, "last.safetensors"), error, StringComparison.Ordinal);
    }

    /// <summary>Without validation data the best checkpoint is the last epoch's, and the run says so; no validation loss of 0 is logged.</summary>
    [Fact]
    public void Without_validation_data_the_last_epoch_is_the_best_and_the_run_says_so()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");

        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "2", "--seg-val", "0", "--cls-val", "0")]);

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        Assert.Contains(outcome.StatusLines, l => l.Contains("no validation data", StringComparison.Ordinal));
        Assert.All(File.ReadAllLines(Path.Combine(run, "metrics.jsonl")), l => Assert.NotEqual(JsonValueKind.Number, JsonDocument.Parse(l).RootElement.GetProperty("val_loss").ValueKind));
        Assert.Equal("2", SafeTensors.Read(Path.Combine(run, "best.safetensors")).Metadata["epoch"]);
        Assert.Contains("no validation data", File.ReadAllText(Path.Combine(run, "report", "index.md")), StringComparison.Ordinal);
    }

    /// <summary>A checkpoint written before run configurations were saved still gives back its seed (and architecture), and the run says what it does not know.</summary>
    [Fact]
    public void An_older_checkpoint_without_its_configuration_still_gives_its_seed()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1", "--seed", "3")]).ExitCode);
        var last = Path.Combine(run, "last.safetensors");
        var (tensors, metadata) = SafeTensors.Read(last);
        metadata.Remove("run.arguments");
        SafeTensors.Write(last, tensors, metadata);

        var resumed = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "2", "--max-steps", "1", "--resume", last)]);

        Assert.True(resumed.ExitCode == 0, resumed.Status);
        Assert.Contains(resumed.StatusLines, l => l.Contains("records only its architecture and seed", StringComparison.Ordinal));
        Assert.Equal("3", SafeTensors.Read(last).Metadata["seed"]);
    }
}
