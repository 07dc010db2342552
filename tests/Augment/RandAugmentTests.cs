using MultiMix.Tests.Data;
using MultiMix.Train.Augment;
using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Augment;

public sealed class RandAugmentTests
{
    [Fact]
    public void PoolIsTheDesignsThirteenOps() =>
        Assert.Equal(
        [
            "AutoContrast", "Brightness", "Contrast", "Equalize", "Identity", "Posterize", "Rotate", "Sharpness",
            "ShearX", "ShearY", "Solarize", "TranslateX", "TranslateY",
        ],
        RandAugment.Pool.Select(op => op.ToString()));

    [Theory]
    [InlineData(1, 0.14, 4, 3, 0.03, 231)]
    [InlineData(5, 0.50, 6, 15, 0.15, 128)]
    [InlineData(9, 0.86, 7, 27, 0.27, 26)]
    public void MagnitudesMapToDesignParameters(int v, double factor, int bits, int degrees, double shear, int threshold)
    {
        // factor v·0.9/10+0.05, bits ⌊v·4/10⌋+4, degrees ⌊v·30/10⌋, shear v·0.3/10, threshold 256−⌊v·256/10⌋.
        Assert.Equal(factor, RandAugment.EnhanceFactor(v), 12);
        Assert.Equal(bits, RandAugment.PosterizeBits(v));
        Assert.Equal(degrees, RandAugment.RotateDegrees(v));
        Assert.Equal(shear, RandAugment.Shear(v), 12);
        Assert.Equal(shear, RandAugment.TranslateFraction(v), 12);
        Assert.Equal(threshold, RandAugment.SolarizeThreshold(v));
    }

    [Fact]
    public void PosterizeKeepsTheTopBits()
    {
        // 183 = 1011 0111b → 1011 0000b = 176 with 4 bits; 255 → 240; 15 → 0.
        var image = Images.FromLevels(3, 1, 183, 255, 15);

        Assert.Equal([176, 240, 0], Images.Levels(PilLevelOps.Posterize(image, 4)));
        Assert.Equal([182, 254, 14], Images.Levels(PilLevelOps.Posterize(image, 7)));
    }

    [Fact]
    public void SolarizeInvertsLevelsAtOrAboveTheThreshold()
    {
        var image = Images.FromLevels(3, 1, 100, 128, 200);

        Assert.Equal([100, 127, 55], Images.Levels(PilLevelOps.Solarize(image, 128)));
    }

    [Fact]
    public void AutoContrastStretchesDarkestToZeroAndBrightestToOne()
    {
        var image = Images.FromLevels(3, 1, 50, 100, 150);

        var result = PilLevelOps.AutoContrast(image);

        Assert.Equal(0f, result.Pixels[0], 6);
        Assert.Equal(0.5f, result.Pixels[1], 6);
        Assert.Equal(1f, result.Pixels[2], 6);
        Assert.Equal(Images.FromLevels(2, 1, 7, 7).Pixels, PilLevelOps.AutoContrast(Images.FromLevels(2, 1, 7, 7)).Pixels);
    }

    [Fact]
    public void EqualizeFollowsPilsCumulativeLookup()
    {
        // 4096 pixels: 2048 at level 10, 1024 at 20, 1024 at 30. step = (4096 − 1024) div 255 = 12;
        // lut[10] = 6 div 12 = 0, lut[20] = (6 + 2048) div 12 = 171, lut[30] = (6 + 3072) div 12 = 256 → 255.
        var levels = Enumerable.Range(0, 4096).Select(i => i < 2048 ? 10 : i < 3072 ? 20 : 30).ToArray();
        var image = Images.FromLevels(64, 64, levels);

        var result = Images.Levels(PilLevelOps.Equalize(image));

        Assert.Equal(0, result[0]);
        Assert.Equal(171, result[2048]);
        Assert.Equal(255, result[4095]);
    }

    [Fact]
    public void EqualizeOfTinyImageIsIdentityAsInPil()
    {
        // step = (4 − 1) div 255 = 0, so PIL returns the image unchanged.
        var image = Images.FromLevels(2, 2, 0, 0, 100, 200);

        Assert.Equal(image.Pixels, PilLevelOps.Equalize(image).Pixels);
    }

    [Fact]
    public void BrightnessFactorZeroIsBlackAndOneIsIdentity()
    {
        var image = Images.Ramp(5, 5);

        Assert.All(PilEnhance.Brightness(image, 0).Pixels, v => Assert.Equal(0f, v));
        Assert.Equal(image.Pixels, PilEnhance.Brightness(image, 1).Pixels);
        Assert.Equal(0.5f * image.Pixels[7], PilEnhance.Brightness(image, 0.5).Pixels[7], 6);
    }

    [Fact]
    public void ContrastBlendsWithTheRoundedMeanLevel()
    {
        // Levels 0 and 255: mean 127.5 → int(128.0) = 128; factor 0.5: 128 + 0.5·(0 − 128) = 64,
        // 128 + 0.5·(255 − 128) = 191.5.
        var image = Images.FromLevels(2, 1, 0, 255);

        var result = PilEnhance.Contrast(image, 0.5);

        Assert.Equal(64f / 255f, result.Pixels[0], 6);
        Assert.Equal(191.5f / 255f, result.Pixels[1], 6);
    }

    [Fact]
    public void SharpnessFactorZeroIsPilsSmoothFilterWithBordersKept()
    {
        // A single bright centre pixel: SMOOTH gives 5/13 there; borders are copied from the input (all 0).
        var image = new GrayImage(3, 3, [0, 0, 0, 0, 1, 0, 0, 0, 0]);

        var result = PilEnhance.Sharpness(image, 0);

        Assert.Equal(5f / 13f, result[1, 1], 6);
        Assert.Equal(0f, result[0, 1]);
        Assert.Equal(image.Pixels, PilEnhance.Sharpness(image, 1).Pixels);
    }

    [Fact]
    public void RotateNinetyIsCounterClockwise()
    {
        // 1 2 3 / 4 5 6 / 7 8 9 rotated 90° counter-clockwise is 3 6 9 / 2 5 8 / 1 4 7.
        var image = Images.FromLevels(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9);

        Assert.Equal([3, 6, 9, 2, 5, 8, 1, 4, 7], Images.Levels(PilGeometry.Rotate(image, 90)));
    }

    [Fact]
    public void SmallRotationFillsCornersWithZero()
    {
        var image = new GrayImage(20, 20);
        Array.Fill(image.Pixels, 1f);

        var result = PilGeometry.Rotate(image, 27);

        Assert.Equal(0f, result[0, 0]);
        Assert.Equal(1f, result[10, 10]);
    }

    [Fact]
    public void TranslateMovesContentAgainstTheOffsetAndFillsZero()
    {
        var image = Images.FromLevels(4, 2, 1, 2, 3, 4, 5, 6, 7, 8);

        Assert.Equal([2, 3, 4, 0, 6, 7, 8, 0], Images.Levels(PilGeometry.TranslateX(image, 1)));
        Assert.Equal([0, 1, 2, 3, 0, 5, 6, 7], Images.Levels(PilGeometry.TranslateX(image, -1)));
        Assert.Equal([5, 6, 7, 8, 0, 0, 0, 0], Images.Levels(PilGeometry.TranslateY(image, 1)));
    }

    [Fact]
    public void ShearXShiftsRowsByTheirCentreHeight()
    {
        // ShearX: row y reads x' = ⌊x + ½ + 0.5·(y + ½)⌋, a shift of 0, 1, 1 for rows 0, 1, 2.
        // ShearY: column x reads y' = ⌊y + ½ + 0.5·(x + ½)⌋, a shift of 0, 1, 1 for columns 0, 1, 2.
        var image = Images.FromLevels(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9);

        Assert.Equal([1, 2, 3, 5, 6, 0, 8, 9, 0], Images.Levels(PilGeometry.ShearX(image, 0.5)));
        Assert.Equal([1, 5, 6, 4, 8, 9, 7, 0, 0], Images.Levels(PilGeometry.ShearY(image, 0.5)));
    }

    [Fact]
    public void IdentityLeavesTheImageUnchanged()
    {
        var image = Images.Ramp(6, 6);

        Assert.Equal(image.Pixels, RandAugment.ApplyOp(image, RandAugmentOp.Identity, 9, new SeededRandom(1)).Pixels);
    }

    [Fact]
    public void EveryOpKeepsSizeAndRange()
    {
        var image = Images.Ramp(16, 12);
        foreach (var op in RandAugment.Pool)
        {
            var result = RandAugment.ApplyOp(image, op, 9, new SeededRandom(2));
            Assert.Equal(16, result.Width);
            Assert.Equal(12, result.Height);
            Assert.All(result.Pixels, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Fact]
    public void ApplyPicksOpsFromThePoolUniformly()
    {
        // With two ops each applied with p 0.5, the image stays unchanged with probability
        // (0.5 + 0.5·1/13)² ≈ 0.290: only Identity does nothing, and on a 64-pixel ramp every other op changes
        // something even at magnitude 1 (shear 0.03·63.5 > 1 pixel, translation ⌊0.03·64⌋ = 1). FixMatch's
        // 14-op pool with its no-op Color would give (0.5 + 0.5·2/14)² ≈ 0.327, outside the range (±3.5 σ).
        var image = Images.Ramp(64, 64);
        var random = new SeededRandom(3);
        var unchanged = Enumerable.Range(0, 8000).Count(_ => RandAugment.Apply(image, random).Pixels.SequenceEqual(image.Pixels));

        Assert.InRange(unchanged / 8000.0, 0.272, 0.308);
    }
}
