using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Data;

/// <summary>Classification folders: labels come from the class folders' names, never from their order; anything but the two classes is refused naming what was found.</summary>
public sealed class ClassFolderTests
{
    [Fact]
    public void Labels_come_from_the_names_in_any_case()
    {
        using var temp = new TempFolder();
        Fixtures.Gray8Png(temp.File("normal", "n.png"), 4, 4, (_, _) => 1);
        Fixtures.Gray8Png(temp.File("PNEUMONIA", "p.png"), 4, 4, (_, _) => 2);

        var source = FolderClassificationDataset.Open(temp.Path);

        Assert.Equal(0, source.Files.Single(f => f.Path.EndsWith("n.png", StringComparison.Ordinal)).Label);
        Assert.Equal(1, source.Files.Single(f => f.Path.EndsWith("p.png", StringComparison.Ordinal)).Label);
    }

    [Fact]
    public void Hidden_folders_are_ignored()
    {
        using var temp = new TempFolder();
        Fixtures.Gray8Png(temp.File("NORMAL", "n.png"), 4, 4, (_, _) => 1);
        Fixtures.Gray8Png(temp.File("PNEUMONIA", "p.png"), 4, 4, (_, _) => 2);
        Fixtures.Gray8Png(temp.File(".ipynb_checkpoints", "p-checkpoint.png"), 4, 4, (_, _) => 2);

        var source = FolderClassificationDataset.Open(temp.Path);

        Assert.Equal(2, source.Count);
        Assert.Equal(["NORMAL", "PNEUMONIA"], source.ClassNames);
    }

    [Theory]
    [InlineData(new[] { "PNEUMONIA" }, "PNEUMONIA")]
    [InlineData(new[] { "NORMAL", "PNEUMONIA", "COVID" }, "COVID")]
    [InlineData(new[] { "cats", "dogs" }, "cats, dogs")]
    public void Anything_but_the_two_classes_is_refused_naming_the_folders_found(string[] folders, string found)
    {
        using var temp = new TempFolder();
        foreach (var folder in folders) Fixtures.Gray8Png(temp.File(folder, "x.png"), 4, 4, (_, _) => 1);

        var error = Assert.Throws<DataException>(() => FolderClassificationDataset.Open(temp.Path));

        Assert.StartsWith(temp.Path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("NORMAL and PNEUMONIA", error.Message, StringComparison.Ordinal);
        Assert.Contains($"found: {found}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kermany_class_folders_are_matched_in_any_case()
    {
        using var temp = new TempFolder();
        Fixtures.Jpeg(temp.File("chest_xray", "train", "Normal", "n1.jpeg"), 8, 8, (_, _) => 60);
        Fixtures.Jpeg(temp.File("chest_xray", "train", "pneumonia", "p1.jpeg"), 8, 8, (_, _) => 200);

        var source = KermanyDataset.Open(temp.Path, "train");

        Assert.Equal([0, 1], source.Files.Select(f => f.Label));
    }
}
