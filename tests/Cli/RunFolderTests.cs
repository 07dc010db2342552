using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>
/// The run folder (--out of train): a finished run is not replaced by accident, two trainings never share one,
/// stale temporary files of an interrupted write are cleaned, and a damaged metrics log is refused in words.
/// </summary>
public sealed class RunFolderTests
{
    /// <summary>A PID above Linux's largest (2^22), so no live process has it.</summary>
    private const int DeadPid = 4194305;

    private static string Error(CliRunner.Outcome outcome) => Assert.Single(outcome.StatusLines, l => l.StartsWith("multimix", StringComparison.Ordinal));

    [Fact]
    public void A_fresh_run_into_a_finished_run_is_refused_unless_overwrite_and_overwrite_removes_the_old_run()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]).ExitCode);
        var last = File.ReadAllBytes(Path.Combine(run, "last.safetensors"));
        var stale = Path.Combine(run, "report", "samples", "stale-sample.png");
        File.WriteAllBytes(stale, [1, 2, 3]);

        var again = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1", "--seed", "5")]);
        Assert.Equal(2, again.ExitCode);
        var error = Error(again);
        Assert.Contains("--resume", error, StringComparison.Ordinal);
        Assert.Contains("--overwrite", error, StringComparison.Ordinal);
        Assert.Equal(last, File.ReadAllBytes(Path.Combine(run, "last.safetensors")));

        var overwrite = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1", "--seed", "5", "--overwrite")]);
        Assert.True(overwrite.ExitCode == 0, overwrite.Status);
        Assert.False(File.Exists(stale), "a replaced run's files must not stay mixed in");
        Assert.NotEqual(last, File.ReadAllBytes(Path.Combine(run, "last.safetensors")));
    }

    [Fact]
    public void A_run_folder_in_use_is_refused_naming_the_process_that_holds_it()
    {
        using var temp = new TempFolder();
        var run = temp.Folder("run");
        var owner = Path.Combine(run, ".multimix.lock");
        using (new FileStream(owner, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            File.WriteAllText(Path.Combine(run, ".multimix.owner"), $"{Environment.ProcessId}\nmultimix train --out {run}\n");
            var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]);
            Assert.Equal(2, outcome.ExitCode);
            var error = Error(outcome);
            Assert.Contains($"process {Environment.ProcessId}", error, StringComparison.Ordinal);
            Assert.Contains(run, error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(run, "last.safetensors")));
        }

        var free = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]);
        Assert.True(free.ExitCode == 0, free.Status);
    }

    [Fact]
    public void Stale_temporary_files_of_an_interrupted_write_are_removed_and_others_kept()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]).ExitCode);
        var guid = Guid.NewGuid().ToString("N");
        string[] stale =
        [
            Path.Combine(run, $"last.safetensors.tmp-{DeadPid}-{guid}"),
            Path.Combine(run, $".metrics.jsonl.{DeadPid}.{guid}.tmp"),
            Path.Combine(run, "report", $".index.html.{DeadPid}.{guid}.tmp"),
        ];
        var mine = Path.Combine(run, "notes.tmp");
        foreach (var file in stale.Append(mine)) File.WriteAllText(file, "x");

        var resumed = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "2", "--max-steps", "1", "--resume", Path.Combine(run, "last.safetensors"))]);

        Assert.True(resumed.ExitCode == 0, resumed.Status);
        Assert.All(stale, f => Assert.False(File.Exists(f), f));
        Assert.True(File.Exists(mine), "only this program's own temporary files are removed");
    }

    [Fact]
    public void A_damaged_metrics_log_is_refused_in_one_line_on_resume()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]).ExitCode);
        var log = Path.Combine(run, "metrics.jsonl");
        File.AppendAllText(log, "{\"epoch\": 2, \"lr\": oops\n");

        var resumed = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "2", "--max-steps", "1", "--resume", Path.Combine(run, "last.safetensors"))]);

        Assert.Equal(2, resumed.ExitCode);
        var error = Error(resumed);
        Assert.Contains(log, error, StringComparison.Ordinal);
        Assert.Contains("line 2", error, StringComparison.Ordinal);

        var overwrite = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1", "--overwrite")]);
        Assert.True(overwrite.ExitCode == 0, overwrite.Status);
        Assert.Single(File.ReadAllLines(log));
    }

    [Fact]
    public void Overwriting_the_run_that_is_being_resumed_is_refused()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]).ExitCode);
        var last = Path.Combine(run, "last.safetensors");
        var before = File.ReadAllBytes(last);

        var outcome = CliRunner.Run("train", "--resume", last, "--epochs", "2", "--overwrite");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--overwrite", Error(outcome), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(last));
    }
}
