using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class LoaderTests
{
    [Fact]
    public void KermanyReadsBothClassesOfASplit()
    {
        using var temp = new TempFolder();
        Fixtures.Jpeg(temp.File("chest_xray", "train", "NORMAL", "n1.jpeg"), 20, 16, (_, _) => 60);
        Fixtures.Jpeg(temp.File("chest_xray", "train", "NORMAL", "n2.jpeg"), 20, 16, (_, _) => 60);
        Fixtures.Jpeg(temp.File("chest_xray", "train", "PNEUMONIA", "p1.jpeg"), 30, 30, (_, _) => 200);

        var source = KermanyDataset.Open(temp.Path, "train");

        Assert.Equal(3, source.Count);
        Assert.Equal([0, 0, 1], source.Files.Select(f => f.Label));
        var sample = source.Load(2, 8);
        Assert.Equal(1, sample.Label);
        Assert.Equal(8, sample.Image.Width);
        Assert.Equal(200 / 255f, sample.Image[4, 4], 1);
    }

    [Fact]
    public void KermanyEmptyClassFolderIsNamed()
    {
        using var temp = new TempFolder();
        Fixtures.Jpeg(temp.File("chest_xray", "test", "NORMAL", "n1.jpeg"), 8, 8, (_, _) => 60);
        var empty = temp.Folder("chest_xray", "test", "PNEUMONIA");

        var error = Assert.Throws<DataException>(() => KermanyDataset.Open(Path.Combine(temp.Path, "chest_xray"), "test"));

        Assert.StartsWith(empty + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsrtInvertsTwelveBitValuesAndUnitesScrMasks()
    {
        using var temp = new TempFolder();
        const int side = 16;
        Fixtures.JsrtImg(temp.File("img", "JPCLN001.IMG"), side, (x, _) => x < 8 ? (ushort)4095 : (ushort)1000);
        Fixtures.Gif(temp.File("masks", "left lung", "JPCLN001.gif"), 8, 8, Fixtures.Mask((x, _) => x >= 5));
        Fixtures.Gray8Png(temp.File("masks", "right lung", "JPCLN001.png"), 8, 8, Fixtures.Mask((x, _) => x < 2));

        var source = JsrtDataset.Open(temp.Folder("img"), temp.Folder("masks"), side);
        var sample = source.Load(0, side);

        Assert.Equal(1, source.Count);
        Assert.Equal(0f, sample.Image[0, 0], 6);
        Assert.Equal((4095 - 1000) / 4095f, sample.Image[12, 3], 5);
        Assert.Equal(1f, sample.Mask[0, 0]);
        Assert.Equal(0f, sample.Mask[7, 0]);
        Assert.Equal(1f, sample.Mask[15, 15]);
        Assert.Equal((4 * 16) + (6 * 16), MaskOps.CountForeground(sample.Mask));
    }

    [Fact]
    public void JsrtWrongLengthNamesFileAndByteCounts()
    {
        using var temp = new TempFolder();
        var path = temp.File("bad.IMG");
        File.WriteAllBytes(path, new byte[100]);

        var error = Assert.Throws<DataException>(() => JsrtImage.Read(path, 8));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("128 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsrtDefaultSideIs2048()
    {
        using var temp = new TempFolder();
        var path = temp.File("small.IMG");
        Fixtures.JsrtImg(path, 4, (_, _) => 0);

        var error = Assert.Throws<DataException>(() => JsrtImage.Read(path));

        Assert.Contains("2048x2048", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{2 * 2048 * 2048} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsrtMissingMaskIsNamed()
    {
        using var temp = new TempFolder();
        Fixtures.JsrtImg(temp.File("img", "JPCNN002.IMG"), 8, (_, _) => 0);
        temp.Folder("masks", "left lung");
        temp.Folder("masks", "right lung");

        var error = Assert.Throws<DataException>(() => JsrtDataset.Open(temp.Folder("img"), temp.Folder("masks"), 8));

        Assert.Contains("no left-lung mask", error.Message, StringComparison.Ordinal);
        Assert.Contains("JPCNN002", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MontgomeryUnitesLeftAndRightMasks()
    {
        using var temp = new TempFolder();
        const string name = "MCUCXR_0001_0.png";
        Fixtures.Gray8Png(temp.File("CXR_png", name), 12, 12, (x, _) => (byte)(x * 20));
        Fixtures.Gray8Png(temp.File("ManualMask", "leftMask", name), 12, 12, Fixtures.Mask((x, _) => x >= 9));
        Fixtures.Gray8Png(temp.File("ManualMask", "rightMask", name), 12, 12, Fixtures.Mask((x, _) => x < 3));

        var source = MontgomeryDataset.Open(temp.Path);
        var sample = source.Load(0, 12);

        Assert.Equal(1, source.Count);
        Assert.Equal(6 * 12, MaskOps.CountForeground(sample.Mask));
        Assert.Equal(1f, sample.Mask[11, 5]);
        Assert.Equal(0f, sample.Mask[5, 5]);
        Assert.Equal(100 / 255f, sample.Image[5, 0], 5);
    }

    [Fact]
    public void MaskOfOtherSizeIsNamed()
    {
        using var temp = new TempFolder();
        const string name = "MCUCXR_0002_1.png";
        Fixtures.Gray8Png(temp.File("CXR_png", name), 12, 12, (_, _) => 0);
        var left = temp.File("ManualMask", "leftMask", name);
        Fixtures.Gray8Png(left, 10, 12, Fixtures.Mask((_, _) => true));
        Fixtures.Gray8Png(temp.File("ManualMask", "rightMask", name), 12, 12, Fixtures.Mask((_, _) => true));

        var error = Assert.Throws<DataException>(() => MontgomeryDataset.Open(temp.Path).Load(0, 8));

        Assert.StartsWith(left + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("mask is 10x12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MontgomeryMissingMaskFileIsNamed()
    {
        using var temp = new TempFolder();
        const string name = "MCUCXR_0003_0.png";
        Fixtures.Gray8Png(temp.File("CXR_png", name), 4, 4, (_, _) => 0);
        temp.Folder("ManualMask", "leftMask");
        temp.Folder("ManualMask", "rightMask");

        var error = Assert.Throws<DataException>(() => MontgomeryDataset.Open(temp.Path));

        Assert.Equal($"{Path.Combine(temp.Path, "ManualMask", "leftMask", name)}: mask file not found", error.Message);
    }

    [Fact]
    public void NihLabelsPneumoniaNoFindingAndExcludesTheRest()
    {
        using var temp = new TempFolder();
        foreach (var name in new[] { "a.png", "b.png", "c.png", "d.png" })
        {
            Fixtures.Gray8Png(temp.File("images_001", "images", name), 4, 4, (_, _) => 10);
        }

        var csv = temp.File(NihDataset.CsvName);
        File.WriteAllLines(csv,
        [
            "Image Index,Finding Labels,Follow-up #",
            "a.png,Pneumonia,0",
            "b.png,No Finding,0",
            "c.png,\"Effusion|Pneumonia\",1",
            "d.png,Effusion,0",
            "e.png,No Finding,0",
        ]);

        var source = NihDataset.Open(temp.Path, csv);

        Assert.Equal(3, source.Count);
        Assert.Equal(["a.png", "b.png", "c.png"], source.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal([1, 0, 1], source.Files.Select(f => f.Label));
    }

    [Theory]
    [InlineData("Pneumonia", 1)]
    [InlineData("Atelectasis|Pneumonia", 1)]
    [InlineData("No Finding", 0)]
    [InlineData("No Finding|Mass", -1)]
    [InlineData("Pneumothorax", -1)]
    public void NihFindingLabels(string findings, int label) => Assert.Equal(label, NihDataset.LabelOf(findings));

    [Fact]
    public void NihMissingColumnIsNamed()
    {
        using var temp = new TempFolder();
        Fixtures.Gray8Png(temp.File("img", "a.png"), 4, 4, (_, _) => 10);
        var csv = temp.File("Data_Entry_2017.csv");
        File.WriteAllLines(csv, ["Image Index,Labels", "a.png,Pneumonia"]);

        var error = Assert.Throws<DataException>(() => NihDataset.Open(temp.Folder("img"), csv));

        Assert.Equal($"{csv}: csv has no 'Finding Labels' column", error.Message);
    }

    [Fact]
    public void CsvQuotedFieldsKeepCommasAndQuotes() =>
        Assert.Equal(["a", "b,c", "say \"hi\"", ""], CsvTable.SplitLine("a,\"b,c\",\"say \"\"hi\"\"\","));

    [Fact]
    public void GenericClassificationFolderWithoutImagesIsNamed()
    {
        using var temp = new TempFolder();
        Fixtures.Gray8Png(temp.File("NORMAL", "1.png"), 4, 4, (_, _) => 1);
        File.WriteAllText(temp.File("pneumonia", "notes.txt"), "no images here");

        var error = Assert.Throws<DataException>(() => FolderClassificationDataset.Open(temp.Path));

        Assert.StartsWith(Path.Combine(temp.Path, "pneumonia") + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("class 'pneumonia' folder has no images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRootFolderIsNamed()
    {
        using var temp = new TempFolder();
        var missing = Path.Combine(temp.Path, "nowhere");

        var error = Assert.Throws<DataException>(() => FolderClassificationDataset.Open(missing));

        Assert.Equal($"{missing}: classification root folder not found", error.Message);
    }

    [Fact]
    public void EmptyRootHasNoClassFolders()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<DataException>(() => FolderClassificationDataset.Open(temp.Path));

        Assert.Contains("found: no folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenericSegmentationMatchesMasksByName()
    {
        using var temp = new TempFolder();
        Fixtures.RgbPng(temp.File("images", "case1.png"), 8, 8, (x, _) => new SixLabors.ImageSharp.PixelFormats.Rgb24((byte)(x * 30), (byte)(x * 30), (byte)(x * 30)));
        Fixtures.Gray8Png(temp.File("masks", "case1.png"), 8, 8, Fixtures.Mask((_, y) => y < 4));
        Fixtures.Jpeg(temp.File("images", "case2.jpg"), 8, 8, (_, _) => 90);
        Fixtures.Gray8Png(temp.File("masks", "case2.png"), 8, 8, Fixtures.Mask((_, _) => false));

        var source = FolderSegmentationDataset.Open(temp.Path);
        var first = source.Load(0, 4);

        Assert.Equal(2, source.Count);
        Assert.Equal(8, MaskOps.CountForeground(first.Mask));
        Assert.Equal(0, MaskOps.CountForeground(source.Load(1, 4).Mask));
    }

    [Fact]
    public void GenericSegmentationImageWithoutMaskIsNamed()
    {
        using var temp = new TempFolder();
        var image = temp.File("images", "lonely.png");
        Fixtures.Gray8Png(image, 4, 4, (_, _) => 0);
        temp.Folder("masks");

        var error = Assert.Throws<DataException>(() => FolderSegmentationDataset.Open(temp.Path));

        Assert.StartsWith(image + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("no mask named 'lonely.*'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenericSegmentationEmptyImageFolderIsNamed()
    {
        using var temp = new TempFolder();
        var images = temp.Folder("images");
        temp.Folder("masks");

        var error = Assert.Throws<DataException>(() => FolderSegmentationDataset.Open(temp.Path));

        Assert.StartsWith(images + ":", error.Message, StringComparison.Ordinal);
    }
}
