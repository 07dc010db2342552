using MultiMix.Tests.Data;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>
/// The data a run reads, end to end: class folders mapped by name, every file of every split checked before the
/// first step with all problems reported at once, split sizes and output folders refused in words.
/// </summary>
public sealed class DataInputTests
{
    private static string[] ErrorLines(CliRunner.Outcome outcome) => [.. outcome.StatusLines.Where(l => l.StartsWith("multimix", StringComparison.Ordinal))];

    [Fact]
    public void Other_class_folders_than_normal_and_pneumonia_are_refused_before_training()
    {
        using var temp = new TempFolder();
        var (_, classification) = CliRunner.Synth(temp.Folder("synth"));
        var other = temp.Folder("synth", "a", "classification", "COVID");
        foreach (var file in Directory.GetFiles(Path.Combine(classification, "NORMAL")).Take(3)) File.Copy(file, Path.Combine(other, Path.GetFileName(file)));
        var run = Path.Combine(temp.Path, "run");

        var outcome = CliRunner.Run(["train", .. CliRunner.TinyFolders(run, null, classification, "--variant", "enc")]);

        Assert.Equal(2, outcome.ExitCode);
        var error = Assert.Single(ErrorLines(outcome));
        Assert.Contains("COVID", error, StringComparison.Ordinal);
        Assert.Contains("--classes", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "last.safetensors")), "nothing may be trained");
    }

    [Fact]
    public void Other_class_names_are_given_with_classes_and_hidden_folders_are_ignored()
    {
        using var temp = new TempFolder();
        var (_, classification) = CliRunner.Synth(temp.Folder("synth"));
        Directory.Move(Path.Combine(classification, "NORMAL"), Path.Combine(classification, "healthy"));
        Directory.Move(Path.Combine(classification, "PNEUMONIA"), Path.Combine(classification, "sick"));
        var hidden = temp.Folder("synth", "a", "classification", ".ipynb_checkpoints");
        File.Copy(Directory.GetFiles(Path.Combine(classification, "sick"))[0], Path.Combine(hidden, "copy.png"));
        var run = Path.Combine(temp.Path, "run");

        var outcome = CliRunner.Run(["train", .. CliRunner.TinyFolders(run, null, classification, "--variant", "enc", "--classes", "healthy,sick")]);

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        var healthy = Directory.GetFiles(Path.Combine(classification, "healthy")).Length;
        var sick = Directory.GetFiles(Path.Combine(classification, "sick")).Length;
        Assert.Contains($"Data: classification: folder {classification} ({healthy + sick} images: healthy {healthy}, sick {sick}): 4 labeled", outcome.Status, StringComparison.Ordinal);
        var rows = File.ReadAllLines(Path.Combine(run, "report", "classification.csv")).Skip(1).ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var label = row.Contains($"{Path.DirectorySeparatorChar}healthy{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "0" : "1";
            Assert.Equal(label, row.Split(',')[^3]);
        }
    }

    [Fact]
    public void Every_file_of_every_split_is_checked_before_the_first_step_and_all_problems_are_listed()
    {
        using var temp = new TempFolder();
        var (segmentation, _) = CliRunner.Synth(temp.Folder("synth"), segCount: 14);
        var images = Path.Combine(segmentation, "images");
        var masks = Path.Combine(segmentation, "masks");
        var names = Directory.GetFiles(images).Order(StringComparer.Ordinal).Select(Path.GetFileName).ToList();
        File.WriteAllBytes(Path.Combine(images, names[2]!), []);
        Fixtures.Gray8Png(Path.Combine(masks, names[5]!), 16, 16, Fixtures.Mask((x, _) => x > 4));
        var dangling = Path.Combine(images, names[9]!);
        File.Delete(dangling);
        File.CreateSymbolicLink(dangling, Path.Combine(temp.Path, "gone.png"));
        var run = Path.Combine(temp.Path, "run");

        var outcome = CliRunner.Run(["train", .. CliRunner.TinyFolders(run, segmentation, null, "--variant", "unet")]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(outcome.StatusLines, l => l.Contains(names[2]!, StringComparison.Ordinal) && l.Contains("empty file", StringComparison.Ordinal));
        Assert.Contains(outcome.StatusLines, l => l.Contains(names[5]!, StringComparison.Ordinal) && l.Contains("16x16", StringComparison.Ordinal));
        Assert.Contains(outcome.StatusLines, l => l.Contains(names[9]!, StringComparison.Ordinal) && l.Contains("gone.png", StringComparison.Ordinal));
        Assert.Contains("3 problems", outcome.StatusLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.StatusLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(run, "last.safetensors")), "nothing may be trained");
    }

    [Fact]
    public void Unusual_and_empty_masks_are_warned_about_and_used()
    {
        using var temp = new TempFolder();
        var (segmentation, _) = CliRunner.Synth(temp.Folder("synth"), segCount: 14);
        var masks = Directory.GetFiles(Path.Combine(segmentation, "masks")).Order(StringComparer.Ordinal).ToList();
        Fixtures.Gray8Png(masks[1], 32, 32, (x, y) => x == 0 && y == 0 ? (byte)255 : x > 8 && x < 24 ? (byte)1 : (byte)0);
        Fixtures.Gray8Png(masks[3], 32, 32, (_, _) => 0);
        var run = Path.Combine(temp.Path, "run");

        var outcome = CliRunner.Run(["train", .. CliRunner.TinyFolders(run, segmentation, null, "--variant", "unet")]);

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        Assert.Contains(outcome.StatusLines, l => l.StartsWith("warning: " + masks[1], StringComparison.Ordinal) && l.Contains("0/1 label mask", StringComparison.Ordinal));
        Assert.Contains(outcome.StatusLines, l => l.StartsWith("warning: " + masks[3], StringComparison.Ordinal) && l.Contains("empty", StringComparison.Ordinal));
    }

    [Fact]
    public void A_split_larger_than_the_data_names_the_data_set_and_the_options()
    {
        using var temp = new TempFolder();
        var (segmentation, _) = CliRunner.Synth(temp.Folder("synth"), segCount: 4);

        var outcome = CliRunner.Run(["train", .. CliRunner.TinyFolders(Path.Combine(temp.Path, "run"), segmentation, null, "--variant", "unet")]);

        Assert.Equal(2, outcome.ExitCode);
        var error = Assert.Single(ErrorLines(outcome));
        Assert.Contains(segmentation, error, StringComparison.Ordinal);
        Assert.Contains("4 images", error, StringComparison.Ordinal);
        foreach (var option in new[] { "--seg-labels", "--seg-val", "--seg-test" }) Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_that_cannot_be_created_is_named_with_exit_code_2()
    {
        using var temp = new TempFolder();
        var file = temp.File("plain.txt");
        File.WriteAllText(file, "a file, not a folder");
        var under = Path.Combine(file, "run");
        var images = temp.Folder("images");
        Fixtures.Gray8Png(Path.Combine(images, "x.png"), 40, 40, (x, _) => (byte)x);

        foreach (var args in new[]
        {
            ["train", .. CliRunner.Tiny(under, "--epochs", "1", "--max-steps", "1")],
            new[] { "synth", "--out", under, "--size", "32", "--seg-count", "1", "--cls-count", "1" },
        })
        {
            var outcome = CliRunner.Run(args);
            Assert.Equal(2, outcome.ExitCode);
            var error = Assert.Single(ErrorLines(outcome));
            Assert.Contains("--out", error, StringComparison.Ordinal);
            Assert.Contains(file, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Synth_refuses_zero_images()
    {
        using var temp = new TempFolder();
        var outcome = CliRunner.Run("synth", "--out", Path.Combine(temp.Path, "s"), "--seg-count", "0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--seg-count", Assert.Single(ErrorLines(outcome)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "s")));
    }

    /// <summary>Two directory links that form loops (one to the parent, one to the folder itself): each folder is read once, and a file link is read as the file.</summary>
    [Fact]
    public async Task A_data_folder_with_link_loops_is_read_once_and_file_links_count()
    {
        using var temp = new TempFolder();
        var (_, classification) = CliRunner.Synth(temp.Folder("synth"));
        var images = temp.Folder("nih", "images");
        var rows = new List<string> { "Image Index,Finding Labels" };
        foreach (var file in Directory.GetFiles(Path.Combine(classification, "NORMAL")).Take(5))
        {
            File.Copy(file, Path.Combine(images, Path.GetFileName(file)));
            rows.Add($"{Path.GetFileName(file)},No Finding");
        }
        var linked = Directory.GetFiles(Path.Combine(classification, "PNEUMONIA"))[0];
        File.CreateSymbolicLink(Path.Combine(images, "linked.png"), linked);
        rows.Add("linked.png,Pneumonia");
        Directory.CreateSymbolicLink(Path.Combine(images, "loop"), "..");
        Directory.CreateSymbolicLink(Path.Combine(images, "self"), ".");
        var csv = temp.File("nih", "Data_Entry_2017.csv");
        File.WriteAllLines(csv, rows);
        var run = Path.Combine(temp.Path, "run");

        var outcome = await Task.Run(() => CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "1", "--variant", "enc", "--xcls-source", "nih", "--xcls-dir", images, "--xcls-csv", csv)]))
            .WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(outcome.ExitCode == 0, outcome.Status);
        var cross = File.ReadAllLines(Path.Combine(run, "report", "classification.csv")).Where(l => l.Contains("cross-domain", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, cross.Count);
    }
}
