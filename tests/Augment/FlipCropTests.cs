using MultiMix.Tests.Data;
using MultiMix.Train.Augment;
using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Augment;

public sealed class FlipCropTests
{
    [Fact]
    public void FlipMirrorsEachRow()
    {
        var image = Images.FromLevels(3, 2, 1, 2, 3, 4, 5, 6);

        Assert.Equal([3, 2, 1, 6, 5, 4], Images.Levels(FlipCrop.FlipHorizontal(image)));
    }

    [Theory]
    [InlineData(-1, 4, 1)]
    [InlineData(-2, 4, 2)]
    [InlineData(4, 4, 2)]
    [InlineData(5, 4, 1)]
    [InlineData(2, 4, 2)]
    [InlineData(-7, 4, 1)]
    [InlineData(3, 1, 0)]
    public void ReflectSkipsTheEdgePixel(int index, int length, int expected) =>
        Assert.Equal(expected, FlipCrop.Reflect(index, length));

    [Fact]
    public void CropAtThePaddingOffsetIsTheIdentity()
    {
        var image = Images.Ramp(8, 6);

        Assert.Equal(image.Pixels, FlipCrop.ReflectPadCrop(image, 2, 2, 2).Pixels);
    }

    [Fact]
    public void CropAtTheCornerShowsTheReflection()
    {
        // Row 1 2 3 4 padded by 1 with reflection is 2 1 2 3 4 3; offset 0 keeps 2 1 2 3.
        var image = Images.FromLevels(4, 1, 1, 2, 3, 4);

        Assert.Equal([2, 1, 2, 3], Images.Levels(FlipCrop.ReflectPadCrop(image, 1, 0, 1)));
        Assert.Equal([2, 3, 4, 3], Images.Levels(FlipCrop.ReflectPadCrop(image, 1, 2, 1)));
    }

    [Fact]
    public void WeakAugmentKeepsSizeAndContentAndReproduces()
    {
        var image = Images.Ramp(32, 32);

        var a = WeakAugment.Apply(image, new SeededRandom(5));
        var b = WeakAugment.Apply(image, new SeededRandom(5));

        Assert.Equal(32, a.Width);
        Assert.Equal(32, a.Height);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(4, WeakAugment.Padding(image));
        Assert.All(a.Pixels, v => Assert.Contains(v, image.Pixels));
    }

    [Fact]
    public void WeakAugmentFlipsAboutHalfTheTime()
    {
        // A 1-pixel-high image gets no padding (12.5% of its smaller side is 0), so only a flip moves its halves.
        var image = new GrayImage(64, 1, [.. Enumerable.Range(0, 64).Select(x => x < 32 ? 0f : 1f)]);
        var random = new SeededRandom(6);
        var flips = 0;
        for (var i = 0; i < 400; i++)
        {
            var result = WeakAugment.Apply(image, random);
            flips += result.Pixels[8] > 0.5f ? 1 : 0;
        }

        Assert.InRange(flips, 160, 240);
    }

    [Fact]
    public void StrongAugmentKeepsSizeRangeAndReproduces()
    {
        var image = Images.Ramp(24, 24);
        for (ulong seed = 0; seed < 30; seed++)
        {
            var a = StrongAugment.Apply(image, new SeededRandom(seed));
            var b = StrongAugment.Apply(image, new SeededRandom(seed));
            Assert.Equal(a.Pixels, b.Pixels);
            Assert.Equal(24, a.Width);
            Assert.All(a.Pixels, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Fact]
    public void StrongAugmentChangesTheImageForSomeSeeds()
    {
        var image = Images.Ramp(24, 24);

        Assert.Contains(Enumerable.Range(0, 10), s => !StrongAugment.Apply(image, new SeededRandom((ulong)s)).Pixels.SequenceEqual(image.Pixels));
    }
}
