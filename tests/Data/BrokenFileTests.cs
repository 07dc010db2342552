using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Data;

/// <summary>Files that cannot be images are refused in words that say what is wrong: empty, truncated, a link to nothing.</summary>
public sealed class BrokenFileTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void A_truncated_jpeg_is_refused_saying_truncated(int keep)
    {
        using var temp = new TempFolder();
        var path = temp.File("cut.jpg");
        Fixtures.Jpeg(path, 64, 64, (x, y) => (byte)((x * 7) ^ y));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * (keep - 1) / keep)]);

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_jpeg_with_bytes_after_its_end_is_read()
    {
        using var temp = new TempFolder();
        var path = temp.File("padded.jpg");
        Fixtures.Jpeg(path, 16, 16, (_, _) => 128);
        File.AppendAllText(path, "\0\0trailing");

        Assert.Equal(16, ImageFile.Load(path).Width);
    }

    [Fact]
    public void A_truncated_png_is_refused_saying_truncated()
    {
        using var temp = new TempFolder();
        var path = temp.File("cut.png");
        Fixtures.Gray8Png(path, 64, 64, (x, y) => (byte)((x * y) % 256));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 20)]);

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_called_empty()
    {
        using var temp = new TempFolder();
        var path = temp.File("nothing.png");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.Equal($"{path}: empty file (0 bytes)", error.Message);
    }

    [Fact]
    public void A_link_to_nothing_names_its_target()
    {
        using var temp = new TempFolder();
        var path = temp.File("link.png");
        File.CreateSymbolicLink(path, Path.Combine(temp.Path, "gone.png"));

        var error = Assert.Throws<DataException>(() => ImageFile.Load(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("gone.png", error.Message, StringComparison.Ordinal);
    }
}
