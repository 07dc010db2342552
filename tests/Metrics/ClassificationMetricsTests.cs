using MultiMix.Train.Metrics;
using Xunit;

namespace MultiMix.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void ScoresMatchHandCountedConfusion()
    {
        // actual:    0 0 0 0 1 1 1 1 1 1
        // predicted: 0 0 0 1 1 1 1 1 0 0
        // TN 3, FP 1, FN 2, TP 4. Accuracy 7/10. F1-P = 8/(8+1+2) = 8/11. F1-N = 6/(6+2+1) = 6/9.
        int[] actual = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        int[] predicted = [0, 0, 0, 1, 1, 1, 1, 1, 0, 0];

        var scores = ClassificationScores.Compute(predicted, actual);

        Assert.Equal(0.7, scores.Accuracy, 12);
        Assert.Equal(8.0 / 11.0, scores.F1Pneumonia, 12);
        Assert.Equal(6.0 / 9.0, scores.F1Normal, 12);
        Assert.Equal(3, scores.Confusion[0, 0]);
        Assert.Equal(1, scores.Confusion[0, 1]);
        Assert.Equal(2, scores.Confusion[1, 0]);
        Assert.Equal(4, scores.Confusion[1, 1]);
        Assert.Equal(10, scores.Confusion.Total);
    }

    [Fact]
    public void ClassAbsentFromLabelsAndPredictionsHasF1One()
    {
        var scores = ClassificationScores.Compute([0, 0], [0, 0]);

        Assert.Equal(1.0, scores.F1Pneumonia);
        Assert.Equal(1.0, scores.F1Normal);
        Assert.Equal(1.0, scores.Accuracy);
    }

    [Fact]
    public void AllWrongGivesZeroes()
    {
        var scores = ClassificationScores.Compute([1, 0], [0, 1]);

        Assert.Equal(0.0, scores.Accuracy);
        Assert.Equal(0.0, scores.F1Pneumonia);
        Assert.Equal(0.0, scores.F1Normal);
    }

    [Fact]
    public void MismatchedLengthsAndUnknownClassesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ClassificationScores.Compute([0], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationScores.Compute([2], [0]));
    }

    /// <summary>Counts summed elsewhere (the ranks' validation parts) give the scores of the images themselves.</summary>
    [Fact]
    public void CountedConfusionScoresLikeTheImages()
    {
        int[] predicted = [0, 0, 1, 1, 1, 0, 1];
        int[] actual = [0, 1, 1, 1, 0, 0, 1];
        var counted = new ConfusionMatrix(2);
        counted.Add(0, 0, 2);
        counted.Add(0, 1, 1);
        counted.Add(1, 0, 1);
        counted.Add(1, 1, 3);
        var fromImages = ClassificationScores.Compute(predicted, actual);
        var fromCounts = ClassificationScores.Of(counted);
        Assert.Equal(7, counted.Total);
        Assert.Equal((fromImages.Accuracy, fromImages.F1Normal, fromImages.F1Pneumonia), (fromCounts.Accuracy, fromCounts.F1Normal, fromCounts.F1Pneumonia));
        Assert.Throws<ArgumentOutOfRangeException>(() => counted.Add(0, 0, -1));
    }
}
