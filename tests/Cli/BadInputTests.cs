using MultiMix.Tests.Data;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>
/// Each kind of bad input ends the run with one error line (the last) naming the file or option, exit code 2,
/// no stack trace, and damages nothing.
/// </summary>
public sealed class BadInputTests
{
    private static void AssertRefused(CliRunner.Outcome outcome, params string[] mentions)
    {
        Assert.Equal(2, outcome.ExitCode);
        var errors = outcome.StatusLines.Where(l => l.StartsWith("multimix", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Equal(errors[0], outcome.StatusLines[^1]);
        Assert.DoesNotContain(outcome.StatusLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        foreach (var m in mentions) Assert.Contains(m, errors[0]);
    }

    [Theory]
    [InlineData(new[] { "train", "--bogus", "1" }, "--bogus")]
    [InlineData(new[] { "train", "--epochs", "many" }, "--epochs")]
    [InlineData(new[] { "train", "--epochs" }, "--epochs")]
    [InlineData(new[] { "train", "--size", "48" }, "--size")]
    [InlineData(new[] { "train", "--variant", "resnet" }, "--variant")]
    [InlineData(new[] { "train", "--seg-source", "dicom" }, "--seg-source")]
    [InlineData(new[] { "train", "--seg-source", "folder" }, "--seg-dir")]
    [InlineData(new[] { "train", "--device", "tpu" }, "--device")]
    [InlineData(new[] { "train", "--lr", "-1" }, "--lr")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    public void Nonsense_options_are_named(string[] args, string mention) => AssertRefused(CliRunner.Run(args), mention);

    [Fact]
    public void Missing_and_empty_folders_are_named()
    {
        using var temp = new TempFolder();
        var missing = Path.Combine(temp.Path, "nowhere");
        AssertRefused(CliRunner.Run("train", "--cls-source", "folder", "--cls-dir", missing), missing);
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "empty")).FullName;
        AssertRefused(CliRunner.Run("train", "--cls-source", "folder", "--cls-dir", empty), empty);
        var classes = Path.Combine(temp.Path, "classes");
        Fixtures.Gray8Png(temp.File("classes", "NORMAL", "a.png"), 8, 8, (_, _) => 10);
        Directory.CreateDirectory(Path.Combine(classes, "PNEUMONIA"));
        AssertRefused(CliRunner.Run("train", "--cls-source", "folder", "--cls-dir", classes), "PNEUMONIA");
    }

    [Fact]
    public void Corrupt_images_and_mismatched_masks_are_named()
    {
        using var temp = new TempFolder();
        var seg = Path.Combine(temp.Path, "seg");
        for (var i = 0; i < 20; i++)
        {
            Fixtures.Gray8Png(temp.File("seg", "images", $"{i:D2}.png"), 32, 32, (x, _) => (byte)(x * 8));
            Fixtures.Gray8Png(temp.File("seg", "masks", $"{i:D2}.png"), i == 5 ? 16 : 32, i == 5 ? 16 : 32, Fixtures.Mask((x, _) => x > 10));
        }
        var args = CliRunner.Tiny(Path.Combine(temp.Path, "run"), "--seg-source", "folder", "--seg-dir", seg, "--epochs", "1", "--max-steps", "1", "--seg-labels", "20", "--seg-val", "0", "--seg-test", "0", "--xseg-source", "folder", "--xseg-dir", seg, "--variant", "unet", "--batch", "20");
        var mismatch = CliRunner.Run(["train", .. args]);
        AssertRefused(mismatch, "05.png");

        File.WriteAllBytes(Path.Combine(seg, "masks", "05.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        AssertRefused(CliRunner.Run(["train", .. args]), "05.png");
    }

    [Fact]
    public void A_jsrt_file_of_the_wrong_length_is_named()
    {
        using var temp = new TempFolder();
        var img = temp.File("jsrt", "JPCLN001.IMG");
        File.WriteAllBytes(img, new byte[1000]);
        Fixtures.Gray8Png(temp.File("scr", "left lung", "JPCLN001.png"), 16, 16, Fixtures.Mask((x, _) => x < 8));
        Fixtures.Gray8Png(temp.File("scr", "right lung", "JPCLN001.png"), 16, 16, Fixtures.Mask((x, _) => x >= 8));
        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(Path.Combine(temp.Path, "run"), "--seg-source", "jsrt", "--seg-dir", Path.GetDirectoryName(img)!, "--seg-masks", Path.Combine(temp.Path, "scr"), "--seg-labels", "1", "--seg-val", "0", "--seg-test", "0", "--epochs", "1", "--max-steps", "1", "--variant", "unet", "--batch", "1")]);
        AssertRefused(outcome, "JPCLN001.IMG");
    }

    [Fact]
    public void Checkpoints_of_another_architecture_or_incomplete_are_refused_and_nothing_is_overwritten()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1")]).ExitCode);
        var last = Path.Combine(run, "last.safetensors");
        var before = File.ReadAllBytes(last);

        var truncated = Path.Combine(temp.Path, "truncated.safetensors");
        File.WriteAllBytes(truncated, before[..(before.Length / 2)]);
        AssertRefused(CliRunner.Run(["train", .. CliRunner.Tiny(run, "--resume", truncated)]), truncated);

        var plain = Path.Combine(run, "best.safetensors");
        AssertRefused(CliRunner.Run(["train", .. CliRunner.Tiny(run, "--resume", plain)]), plain);
        Assert.Equal(before, File.ReadAllBytes(last));
    }
}
