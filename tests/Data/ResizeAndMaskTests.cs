using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class ResizeAndMaskTests
{
    [Fact]
    public void UpscalingInterpolatesBetweenPixelCentres()
    {
        // Output centres 0.25, 0.75, 1.25, 1.75 in input pixels; input centres 0.5 and 1.5.
        var image = new GrayImage(2, 1, [0.2f, 0.6f]);

        var resized = BilinearResize.Resize(image, 4, 1);

        Assert.Equal(0.2f, resized.Pixels[0], 6);
        Assert.Equal((0.75f * 0.2f) + (0.25f * 0.6f), resized.Pixels[1], 6);
        Assert.Equal((0.25f * 0.2f) + (0.75f * 0.6f), resized.Pixels[2], 6);
        Assert.Equal(0.6f, resized.Pixels[3], 6);
    }

    [Fact]
    public void HalvingAveragesEachTwoByTwoBlockSymmetrically()
    {
        var image = new GrayImage(2, 2, [0f, 1f, 0.5f, 0.5f]);

        var resized = BilinearResize.Resize(image, 1, 1);

        Assert.Equal(0.5f, resized.Pixels[0], 6);
    }

    [Fact]
    public void ConstantImageStaysConstantAtAnySize()
    {
        var image = new GrayImage(37, 23);
        Array.Fill(image.Pixels, 0.3f);

        Assert.All(BilinearResize.Resize(image, 10, 51).Pixels, v => Assert.Equal(0.3f, v, 5));
    }

    [Fact]
    public void MaskResizeIsBinary()
    {
        var mask = new GrayImage(4, 4);
        for (var y = 0; y < 4; y++)
        {
            mask[0, y] = 1f;
            mask[1, y] = 1f;
        }

        var resized = MaskOps.Resize(mask, 7, 7);

        Assert.All(resized.Pixels, v => Assert.True(v is 0f or 1f));
        Assert.Equal(1f, resized[0, 3]);
        Assert.Equal(0f, resized[6, 3]);
    }

    [Fact]
    public void UnionIsPixelwiseOr()
    {
        var a = new GrayImage(3, 1, [1f, 0f, 0f]);
        var b = new GrayImage(3, 1, [0f, 0f, 1f]);

        Assert.Equal([1f, 0f, 1f], MaskOps.Union(a, b).Pixels);
    }

    [Fact]
    public void NormalizationMapsUnitRangeToSignedUnit()
    {
        var image = new GrayImage(3, 1, [0f, 0.5f, 1f]);

        Assert.Equal([-1f, 0f, 1f], Normalization.ToSignedUnit(image));
    }
}
