using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class ImageFileTests
{
    [Fact]
    public void Gray8PngDecodesToLevelsOver255()
    {
        using var temp = new TempFolder();
        var path = temp.File("g.png");
        Fixtures.Gray8Png(path, 3, 2, (x, y) => (byte)((y * 3) + x + 100));

        var image = ImageFile.Load(path);

        Assert.Equal(3, image.Width);
        Assert.Equal(2, image.Height);
        Assert.Equal(104 / 255f, image[1, 1], 6);
        Assert.Equal(100 / 255f, image[0, 0], 6);
    }

    [Fact]
    public void Gray16PngKeepsSixteenBitPrecision()
    {
        using var temp = new TempFolder();
        var path = temp.File("g16.png");
        Fixtures.Gray16Png(path, 2, 1, (x, _) => x == 0 ? (ushort)1000 : (ushort)1001);

        var image = ImageFile.Load(path);

        Assert.Equal(1000 / 65535f, image[0, 0], 7);
        Assert.Equal(1001 / 65535f, image[1, 0], 7);
        Assert.NotEqual(image[0, 0], image[1, 0]);
    }

    [Fact]
    public void RgbPngBecomesRec709Luminance()
    {
        using var temp = new TempFolder();
        var path = temp.File("rgb.png");
        Fixtures.RgbPng(path, 2, 1, (x, _) => x == 0 ? new Rgb24(90, 90, 90) : new Rgb24(255, 0, 0));

        var image = ImageFile.Load(path);

        Assert.Equal(90 / 255f, image[0, 0], 4);
        Assert.Equal(0.2126f, image[1, 0], 3);
    }

    [Fact]
    public void RgbaPngIgnoresAlpha()
    {
        using var temp = new TempFolder();
        var path = temp.File("rgba.png");
        Fixtures.RgbaPng(path, 1, 1, (_, _) => new Rgba32(200, 200, 200, 10));

        Assert.Equal(200 / 255f, ImageFile.Load(path)[0, 0], 4);
    }

    [Fact]
    public void JpegGifAndBmpDecode()
    {
        using var temp = new TempFolder();
        Fixtures.Jpeg(temp.File("a.jpeg"), 16, 16, (_, _) => 128);
        Fixtures.Gif(temp.File("a.gif"), 4, 4, Fixtures.Mask((x, _) => x < 2));
        Fixtures.Bmp(temp.File("a.bmp"), 4, 4, (x, _) => (byte)(x * 60));

        Assert.Equal(128 / 255f, ImageFile.Load(temp.File("a.jpeg"))[8, 8], 2);
        var gif = ImageFile.Load(temp.File("a.gif"));
        Assert.Equal(1f, gif[0, 0], 4);
        Assert.Equal(0f, gif[3, 0], 4);
        Assert.Equal(120 / 255f, ImageFile.Load(temp.File("a.bmp"))[2, 1], 4);
    }

    [Fact]
    public void LoadWithSizeResizes()
    {
        using var temp = new TempFolder();
        var path = temp.File("big.png");
        Fixtures.Gray8Png(path, 40, 20, (_, _) => 51);

        var image = ImageFile.Load(path, 8, 8);

        Assert.Equal(8, image.Width);
        Assert.All(image.Pixels, v => Assert.Equal(0.2f, v, 5));
    }

    [Fact]
    public void CorruptImageNamesTheFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("broken.png");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5]);

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot read image", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TruncatedPngIsADataException()
    {
        using var temp = new TempFolder();
        var path = temp.File("cut.png");
        Fixtures.Gray8Png(path, 64, 64, (x, y) => (byte)((x * y) % 256));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("junk.gif", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x05, 0x00 })]
    [InlineData("junk.bmp", new byte[] { 0x42, 0x4D, 0x01, 0x02, 0x03 })]
    [InlineData("text.png", new byte[] { 0x68, 0x65, 0x6C, 0x6C, 0x6F })]
    public void GarbageAfterASignatureIsADataException(string name, byte[] content)
    {
        using var temp = new TempFolder();
        var path = temp.File(name);
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.StartsWith(path + ": cannot read image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingImageNamesTheFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("none.png");

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.Equal($"{path}: image file not found", error.Message);
    }

    [Fact]
    public void A_jpeg_header_without_the_rest_is_truncated()
    {
        using var temp = new TempFolder();
        var path = temp.File("junk.jpeg");
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x03]);

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.StartsWith(path + ": truncated JPEG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredLabelMaskTakesEveryNonZeroPixel()
    {
        using var temp = new TempFolder();
        var path = temp.File("labels.png");
        Fixtures.Gray8Png(path, 3, 1, (x, _) => (byte)(x == 0 ? 0 : 1));

        var mask = ImageFile.LoadMask(path);

        Assert.Equal([0f, 1f, 1f], mask.Pixels);
    }
}
