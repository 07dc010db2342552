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
}
