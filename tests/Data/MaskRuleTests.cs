using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace MultiMix.Tests.Data;

/// <summary>
/// The fixed foreground rule of stored masks (docs/data.md): 0/1 label masks take every non-zero pixel, other
/// masks half their bit depth's range (128 of 255, 32768 of 65535); alpha is used when the colour is constant.
/// A stray value does not change the rule.
/// </summary>
public sealed class MaskRuleTests
{
    /// <summary>Lungs: the left half of a 10×10 mask (50 pixels).</summary>
    private static bool Lung(int x, int y) => x < 5;

    [Fact]
    public void A_label_mask_with_one_stray_255_keeps_its_lungs()
    {
        using var temp = new TempFolder();
        var path = temp.File("labels.png");
        Fixtures.Gray8Png(path, 10, 10, (x, y) => x == 9 && y == 9 ? (byte)255 : Lung(x, y) ? (byte)1 : (byte)0);

        var mask = ImageFile.LoadMask(path);

        Assert.Equal(51, MaskOps.CountForeground(mask));
        Assert.Equal(1f, mask[0, 0]);
    }

    [Fact]
    public void An_8_bit_mask_is_cut_at_128_whatever_its_maximum()
    {
        using var temp = new TempFolder();
        var path = temp.File("soft.png");
        Fixtures.Gray8Png(path, 10, 10, (x, _) => Lung(x, 0) ? (byte)200 : x == 5 ? (byte)127 : (byte)0);

        Assert.Equal(50, MaskOps.CountForeground(ImageFile.LoadMask(path)));
    }

    [Fact]
    public void A_16_bit_mask_uses_half_of_65535()
    {
        using var temp = new TempFolder();
        var path = temp.File("deep.png");
        Fixtures.Gray16Png(path, 10, 10, (x, _) => Lung(x, 0) ? (ushort)40000 : x == 5 ? (ushort)30000 : (ushort)0);

        Assert.Equal(50, MaskOps.CountForeground(ImageFile.LoadMask(path)));
    }

    [Fact]
    public void Lungs_kept_in_alpha_are_read_from_alpha_when_the_colour_is_constant()
    {
        using var temp = new TempFolder();
        var path = temp.File("alpha.png");
        Fixtures.RgbaPng(path, 10, 10, (x, y) => new Rgba32(255, 255, 255, Lung(x, y) ? (byte)255 : (byte)0));

        var mask = ImageFile.LoadMask(path);

        Assert.Equal(50, MaskOps.CountForeground(mask));
        Assert.Equal(0f, mask[9, 0]);
    }

    [Fact]
    public void A_coloured_mask_uses_its_brightest_channel()
    {
        using var temp = new TempFolder();
        var path = temp.File("red.png");
        Fixtures.RgbPng(path, 10, 10, (x, y) => Lung(x, y) ? new Rgb24(255, 0, 0) : new Rgb24(0, 0, 0));

        Assert.Equal(50, MaskOps.CountForeground(ImageFile.LoadMask(path)));
    }

    [Fact]
    public void Unusual_values_are_reported_and_clean_masks_are_not()
    {
        using var temp = new TempFolder();
        var stray = temp.File("stray.png");
        Fixtures.Gray8Png(stray, 10, 10, (x, y) => x == 9 && y == 9 ? (byte)255 : Lung(x, y) ? (byte)1 : (byte)0);
        Fixtures.Gray8Png(temp.File("clean8.png"), 10, 10, Fixtures.Mask(Lung));
        Fixtures.Gray8Png(temp.File("labels.png"), 10, 10, (x, y) => Lung(x, y) ? (byte)1 : (byte)0);
        Fixtures.Gray16Png(temp.File("clean16.png"), 10, 10, (x, y) => Lung(x, y) ? ushort.MaxValue : (ushort)0);

        var unusual = MaskFile.Read(stray).Unusual;

        Assert.NotNull(unusual);
        Assert.Contains("255 (1 px)", unusual, StringComparison.Ordinal);
        Assert.Contains("1 (50 px)", unusual, StringComparison.Ordinal);
        Assert.StartsWith("0/1 label mask", MaskFile.Read(stray).Rule, StringComparison.Ordinal);
        foreach (var clean in new[] { "clean8.png", "labels.png", "clean16.png" })
        {
            Assert.Null(MaskFile.Read(Path.Combine(temp.Path, clean)).Unusual);
        }
    }

    [Fact]
    public void A_mask_below_half_its_range_is_empty_and_reported()
    {
        using var temp = new TempFolder();
        var path = temp.File("faint.png");
        Fixtures.Gray8Png(path, 10, 10, (x, y) => Lung(x, y) ? (byte)100 : (byte)0);

        var reading = MaskFile.Read(path);

        Assert.Equal(0, MaskOps.CountForeground(reading.Mask));
        Assert.Contains("100 (50 px)", reading.Unusual, StringComparison.Ordinal);
        Assert.Contains("128", reading.Rule, StringComparison.Ordinal);
    }
}
