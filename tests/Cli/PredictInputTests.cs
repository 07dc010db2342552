using MultiMix.Tests.Data;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>predict on folders: every image is processed, failures are listed at the end, outputs never collide or feed back.</summary>
public sealed class PredictInputTests
{
    private static string Train(TempFolder temp)
    {
        var run = Path.Combine(temp.Path, "run");
        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]);
        Assert.True(outcome.ExitCode == 0, outcome.Status);
        return Path.Combine(run, "best.safetensors");
    }

    [Fact]
    public void Images_with_the_same_name_and_another_extension_get_their_own_outputs()
    {
        using var temp = new TempFolder();
        var best = Train(temp);
        Fixtures.Gray8Png(temp.File("in", "a.png"), 40, 40, (x, _) => (byte)x);
        Fixtures.Jpeg(temp.File("in", "a.jpg"), 40, 40, (_, y) => (byte)(y * 5));
        var output = Path.Combine(temp.Path, "out");

        var outcome = CliRunner.Run("predict", "--checkpoint", best, "--input", Path.Combine(temp.Path, "in"), "--out", output);

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        var json = Directory.GetFiles(output, "*.json");
        Assert.Equal(2, json.Length);
        Assert.Equal(2, json.Select(f => File.ReadAllText(f)).Distinct().Count());
    }

    [Fact]
    public void One_unreadable_image_does_not_stop_the_others_and_all_failures_are_listed()
    {
        using var temp = new TempFolder();
        var best = Train(temp);
        File.WriteAllBytes(temp.File("in", "a-broken.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        Fixtures.Gray8Png(temp.File("in", "b-good.png"), 40, 40, (x, _) => (byte)x);
        Fixtures.Jpeg(temp.File("in", "c-cut.jpg"), 40, 40, (x, y) => (byte)(x * y));
        var cut = Path.Combine(temp.Path, "in", "c-cut.jpg");
        var bytes = File.ReadAllBytes(cut);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        var output = Path.Combine(temp.Path, "out");

        var outcome = CliRunner.Run("predict", "--checkpoint", best, "--input", Path.Combine(temp.Path, "in"), "--out", output);

        Assert.Equal(2, outcome.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "b-good_mask.png")));
        Assert.Contains(outcome.StatusLines, l => l.Contains("a-broken.png", StringComparison.Ordinal));
        Assert.Contains(outcome.StatusLines, l => l.Contains("c-cut.jpg", StringComparison.Ordinal) && l.Contains("truncated", StringComparison.Ordinal));
        Assert.Contains("2 of 3", outcome.StatusLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_output_folder_must_not_be_the_input_folder()
    {
        using var temp = new TempFolder();
        var best = Train(temp);
        var input = temp.Folder("in");
        Fixtures.Gray8Png(Path.Combine(input, "a.png"), 40, 40, (x, _) => (byte)x);

        var outcome = CliRunner.Run("predict", "--checkpoint", best, "--input", input, "--out", input + Path.DirectorySeparatorChar);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--out", outcome.StatusLines[^1], StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(input));
    }

    [Fact]
    public void A_truncated_jpeg_is_refused_saying_truncated()
    {
        using var temp = new TempFolder();
        var best = Train(temp);
        var path = temp.File("cut.jpg");
        Fixtures.Jpeg(path, 64, 64, (x, y) => (byte)((x * 7) ^ y));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var outcome = CliRunner.Run("predict", "--checkpoint", best, "--input", path, "--out", Path.Combine(temp.Path, "out"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(path, outcome.StatusLines[^1], StringComparison.Ordinal);
        Assert.Contains("truncated", outcome.StatusLines[^1], StringComparison.Ordinal);
    }
}
