using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class SyntheticExportTests
{
    [Fact]
    public void ClassificationExportReadsBackWithItsLabels()
    {
        using var temp = new TempFolder();
        SyntheticExport.WriteClassification(temp.Path, 12, 32, SyntheticDomain.A, 9);

        var source = FolderClassificationDataset.Open(temp.Path);

        Assert.Equal(["NORMAL", "PNEUMONIA"], source.ClassNames);
        Assert.Equal(12, source.Count);
        foreach (var file in source.Files)
        {
            var index = int.Parse(Path.GetFileNameWithoutExtension(file.Path)[^5..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(SyntheticChestXray.LabelOf(index, SyntheticDomain.A, 9), file.Label);
        }
    }

    [Fact]
    public void SegmentationExportRoundTripsMasksExactlyAndImagesTo8Bits()
    {
        using var temp = new TempFolder();
        SyntheticExport.WriteSegmentation(temp.Path, 3, 32, SyntheticDomain.B, 9);

        var source = FolderSegmentationDataset.Open(temp.Path);
        var expected = SyntheticChestXray.Generate(1, 32, SyntheticDomain.B, 9);
        var loaded = source.Load(1, 32);

        Assert.Equal(3, source.Count);
        Assert.Equal(expected.Mask.Pixels, loaded.Mask.Pixels);
        Assert.All(expected.Image.Pixels.Zip(loaded.Image.Pixels), p => Assert.Equal(p.First, p.Second, 0.5f / 255f + 1e-6f));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void SaveReplacesAnExistingFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("x.png");
        PngFile.Save(new GrayImage(2, 1, [0f, 1f]), path);
        PngFile.Save(new GrayImage(2, 1, [1f, 0f]), path);

        Assert.Equal([1f, 0f], ImageFile.Load(path).Pixels);
        Assert.Single(Directory.GetFiles(temp.Path));
    }
}
