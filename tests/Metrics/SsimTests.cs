using MultiMix.Tests.Data;
using MultiMix.Train.Metrics;
using Xunit;

namespace MultiMix.Tests.Metrics;

public sealed class SsimTests
{
    [Fact]
    public void IdenticalImagesScoreOne()
    {
        var image = Images.Ramp(20, 15).Pixels;

        Assert.Equal(1.0, Ssim.Compute(image, image, 20, 15), 12);
    }

    [Fact]
    public void ConstantImagesFollowTheLuminanceTerm()
    {
        // σ = 0 everywhere, so SSIM = (2ab + C1)/(a² + b² + C1) with C1 = (0.01·1)².
        var a = Enumerable.Repeat(1f, 144).ToArray();
        var b = Enumerable.Repeat(0f, 144).ToArray();
        var c = Enumerable.Repeat(0.5f, 144).ToArray();
        const double c1 = 1e-4;

        Assert.Equal(c1 / (1.0 + c1), Ssim.Compute(a, b, 12, 12), 12);
        Assert.Equal((1.0 + c1) / (1.25 + c1), Ssim.Compute(a, c, 12, 12), 12);
    }

    [Fact]
    public void InvertedImageScoresBelowZero()
    {
        var image = Images.Ramp(16, 16).Pixels;
        var inverted = image.Select(v => 1f - v).ToArray();

        Assert.True(Ssim.Compute(image, inverted, 16, 16) < 0);
    }

    [Fact]
    public void ImagesSmallerThanTheWindowAreRejected()
    {
        var image = new float[100];

        Assert.Throws<ArgumentException>(() => Ssim.Compute(image, image, 10, 10));
    }
}
