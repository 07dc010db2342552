using MultiMix.Train.Data;
using MultiMix.Train.Metrics;
using Xunit;

namespace MultiMix.Tests.Metrics;

public sealed class SegmentationMetricsTests
{
    [Fact]
    public void OverlapScoresMatchHandCounts()
    {
        // Prediction (p ≥ 0.5) covers columns 2..7 of rows 0..15 (96 px), reference columns 4..11 (128 px);
        // overlap columns 4..7 (64 px). Dice 128/224, Jaccard 64/160, precision 64/96, recall 64/128.
        var prediction = Mask(16, 16, (x, _) => x is >= 2 and <= 7, inside: 0.7f, outside: 0.2f);
        var reference = Mask(16, 16, (x, _) => x is >= 4 and <= 11);

        var scores = SegmentationMetrics.Compute(prediction, reference);

        Assert.Equal(128.0 / 224.0, scores.Dice, 12);
        Assert.Equal(64.0 / 160.0, scores.Jaccard, 12);
        Assert.Equal(64.0 / 96.0, scores.Precision, 12);
        Assert.Equal(0.5, scores.Recall, 12);
        Assert.InRange(scores.Ssim, -1.0, 0.999);
    }

    [Fact]
    public void ThresholdIsInclusive()
    {
        var prediction = Mask(12, 12, (_, _) => true, inside: 0.5f);
        var reference = Mask(12, 12, (_, _) => true);

        Assert.Equal(1.0, SegmentationMetrics.Compute(prediction, reference).Dice);
    }

    [Fact]
    public void IdenticalMasksScorePerfectly()
    {
        var mask = Mask(16, 16, (x, y) => (x - 8) * (x - 8) + ((y - 8) * (y - 8)) < 20);

        var scores = SegmentationMetrics.Compute(mask, mask);

        Assert.Equal(new SegmentationScores(1, 1, 1, 1, 1, 0), scores with { Ssim = Math.Round(scores.Ssim, 12) });
    }

    [Fact]
    public void BothEmptyIsPerfect()
    {
        var empty = new GrayImage(12, 12);

        var scores = SegmentationMetrics.Compute(empty, empty);

        Assert.Equal(new SegmentationScores(1, 1, 1, 1, 1, 0), scores with { Ssim = Math.Round(scores.Ssim, 12) });
    }

    [Fact]
    public void OneEmptyScoresZeroAndTheDiagonal()
    {
        var empty = new GrayImage(12, 16);
        var full = Mask(12, 16, (x, _) => x < 3);

        foreach (var scores in new[] { SegmentationMetrics.Compute(empty, full), SegmentationMetrics.Compute(full, empty) })
        {
            Assert.Equal(0.0, scores.Dice);
            Assert.Equal(0.0, scores.Jaccard);
            Assert.Equal(0.0, scores.Precision);
            Assert.Equal(0.0, scores.Recall);
            Assert.Equal(20.0, scores.AverageHausdorff, 12);
        }
    }

    [Fact]
    public void MeanAveragesEachField()
    {
        var mean = SegmentationScores.Mean([new SegmentationScores(1, 0.5, 1, 0, 1, 2), new SegmentationScores(0, 0.5, 0, 1, 0, 4)]);

        Assert.Equal(new SegmentationScores(0.5, 0.5, 0.5, 0.5, 0.5, 3), mean);
    }

    private static GrayImage Mask(int width, int height, Func<int, int, bool> isInside, float inside = 1f, float outside = 0f)
    {
        var mask = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                mask[x, y] = isInside(x, y) ? inside : outside;
            }
        }

        return mask;
    }
}
