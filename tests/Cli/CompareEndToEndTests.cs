using MultiMix.Model.Networks;
using MultiMix.Tensors.Cpu;
using MultiMix.Tests.Support;
using MultiMix.Train;
using MultiMix.Train.Data;
using MultiMix.Train.Runs;
using MultiMix.Train.Training;
using Xunit;

namespace MultiMix.Tests.Cli;

public sealed class CompareEndToEndTests
{
    /// <summary>Two variants × two seeds, 2 epochs of 2 steps, on the tiny synthetic data of <see cref="CliRunner.TinyData"/>.</summary>
    private static string[] Grid(string outFolder, params string[] extra) =>
        ["compare", "--variants", "enc-ssl,enc", "--seeds", "2", "--epochs", "2", "--steps", "4", .. CliRunner.Tiny(outFolder, extra)];

    /// <summary>A status writer that cancels the run once a line containing <paramref name="trigger"/> is written.</summary>
    private sealed class CancelOn(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true) cancel.Cancel();
        }
    }

    [Fact]
    public void Compare_writes_the_table_and_a_stopped_grid_continues_to_the_same_result()
    {
        using var temp = new TempFolder();
        var straight = Path.Combine(temp.Path, "straight");
        var run = CliRunner.Run(Grid(straight));
        Assert.True(run.ExitCode == 0, run.Status);
        Assert.Contains("| enc |", run.Output, StringComparison.Ordinal);
        Assert.Contains("| enc-ssl |", run.Output, StringComparison.Ordinal);
        var report = Path.Combine(straight, CompareRun.ReportFolder);
        foreach (var file in new[] { "index.html", "index.md", MultiMix.Train.Reports.CompareReportWriter.SummaryCsv, MultiMix.Train.Reports.CompareReportWriter.SeedsCsv, "summary.json", "seeds.json", "charts/box-cross-acc.svg", "charts/mask-rate.svg", "charts/val-cross-accuracy.svg" })
        {
            Assert.True(File.Exists(Path.Combine(report, file)), file);
        }
        var seeds = CsvTable.Read(Path.Combine(report, MultiMix.Train.Reports.CompareReportWriter.SeedsCsv));
        Assert.Equal(2 * 2 * 2, seeds.Rows.Count);
        Assert.All(seeds.Rows, r => Assert.Equal("4", r[seeds.Column("steps")]));
        var summary = CsvTable.Read(Path.Combine(report, MultiMix.Train.Reports.CompareReportWriter.SummaryCsv));
        Assert.Equal(2 * 2 * 3, summary.Rows.Count);
        Assert.All(summary.Rows, r => Assert.Equal("2", r[summary.Column("runs")]));
        foreach (var variant in new[] { "enc", "enc-ssl" })
        {
            foreach (var seed in new[] { 1, 2 })
            {
                var folder = Path.Combine(straight, "runs", variant, $"seed-{seed}");
                Assert.True(File.Exists(Path.Combine(folder, CompareRunResult.FileName)));
                Assert.True(File.Exists(Path.Combine(folder, Trainer.BestName)));
                Assert.False(File.Exists(Path.Combine(folder, Trainer.LastName)), "a finished run keeps only its best checkpoint");
                Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, Trainer.LogName)).Length);
            }
        }
        Assert.Empty(Directory.GetDirectories(Path.Combine(straight, "runs"), "*.partial", SearchOption.AllDirectories));

        // Stop after the first run, then leave the second one half trained (one of its two epochs), as a kill would.
        var stopped = Path.Combine(temp.Path, "stopped");
        using (var cancel = new CancellationTokenSource())
        {
            var status = new CancelOn("[1/4 enc seed 1] trained", cancel);
            Assert.Equal(1, Program.Run(Grid(stopped), TextWriter.Null, status, cancel.Token));
        }
        Assert.True(File.Exists(Path.Combine(stopped, "runs", "enc", "seed-1", CompareRunResult.FileName)));
        Assert.False(Directory.Exists(Path.Combine(stopped, "runs", "enc-ssl")));
        var spec = new DataSpec { SegCount = 16, SegLabels = 4, SegValidation = 2, SegTest = 3, ClsCount = 24, ClsLabels = 4, ClsValidation = 4, ClsTest = 4 };
        var options = new CompareOptions { Training = RunDefaults.Synthetic with { Model = new ModelConfig(ModelVariant.MultiMix, 4, 32), Epochs = 2, BatchPerStream = 2 } };
        var half = options.ForRun(ModelVariant.EncSsl, 1, 2, Path.Combine(stopped, "runs", "enc-ssl", "seed-1.partial"), null) with { Epochs = 1 };
        new Trainer(half, spec.Open(), CpuBackend.Shared, TextWriter.Null, false).Run().Model.Dispose();

        var resumed = CliRunner.Run(Grid(stopped));
        Assert.True(resumed.ExitCode == 0, resumed.Status);
        Assert.Contains("1 of 4 runs already done", resumed.Status, StringComparison.Ordinal);
        Assert.Contains("Resuming from", resumed.Status, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(report, MultiMix.Train.Reports.CompareReportWriter.SummaryCsv)), File.ReadAllText(Path.Combine(stopped, CompareRun.ReportFolder, MultiMix.Train.Reports.CompareReportWriter.SummaryCsv)));

        // The same folder with other options is refused, naming what differs.
        var other = CliRunner.Run(Grid(straight, "--seeds", "3"));
        Assert.Equal(2, other.ExitCode);
        var line = Assert.Single(other.StatusLines);
        Assert.Contains(straight, line, StringComparison.Ordinal);
        Assert.Contains("seeds 2 there, 3 now", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--variants", "enc,resnet", "option --variants")]
    [InlineData("--variants", "enc,enc", "option --variants")]
    [InlineData("--steps", "5", "option --steps 5 is not a multiple of --epochs 2")]
    public void Bad_grid_options_are_refused_in_one_line(string option, string value, string message)
    {
        using var temp = new TempFolder();
        var outcome = CliRunner.Run(["compare", "--epochs", "2", "--steps", "4", .. CliRunner.Tiny(Path.Combine(temp.Path, "out")), option, value]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, Assert.Single(outcome.StatusLines), StringComparison.Ordinal);
    }
}
