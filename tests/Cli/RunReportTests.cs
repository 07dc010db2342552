using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>What a run's report and metrics files say: the image files behind each row and caption, and the training actually done.</summary>
public sealed class RunReportTests
{
    [Fact]
    public void Metrics_files_and_captions_name_the_image_files()
    {
        using var temp = new TempFolder();
        var (segmentation, classification) = CliRunner.Synth(temp.Folder("synth"));
        var run = Path.Combine(temp.Path, "run");

        var outcome = CliRunner.Run(["train", .. CliRunner.TinyFolders(run, segmentation, classification)]);

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        var report = Path.Combine(run, "report");
        var perImage = File.ReadAllLines(Path.Combine(report, "per_image.csv"));
        Assert.Equal("image", perImage[0].Split(',')[2]);
        Assert.All(perImage.Skip(1), row => Assert.True(File.Exists(row.Split(',')[2]), row));
        var classified = File.ReadAllLines(Path.Combine(report, "classification.csv"));
        var image = Array.IndexOf(classified[0].Split(','), "image");
        Assert.True(image >= 0, classified[0]);
        Assert.All(classified.Skip(1), row => Assert.True(File.Exists(row.Split(',')[image]), row));
        var page = File.ReadAllText(Path.Combine(report, "index.md"));
        Assert.Contains(Path.GetFileName(perImage[1].Split(',')[2]), page, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_stopped_by_max_steps_reports_the_steps_and_epochs_done()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");

        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "5", "--max-steps", "2")]);

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        var page = File.ReadAllText(Path.Combine(run, "report", "index.md"));
        Assert.DoesNotContain("5 epochs", page, StringComparison.Ordinal);
        Assert.Contains("2 steps", page, StringComparison.Ordinal);
        Assert.Contains("--max-steps 2", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_says_cross_domain_sets_are_used_whole()
    {
        var help = CliRunner.Run("train", "--help").Output;
        Assert.Contains("Segmentation test images split off the training data; a cross-domain set is used whole", help, StringComparison.Ordinal);
    }
}
