using MultiMix.Train.Metrics;
using MultiMix.Train.Runs;
using Xunit;

namespace MultiMix.Tests.Metrics;

public sealed class BootstrapTests
{
    /// <summary>n items of which the first <paramref name="correct"/> are predicted right (classes alternate).</summary>
    private static (int[] Predicted, int[] Actual) Predictions(int n, int correct)
    {
        var actual = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var predicted = actual.Select((a, i) => i < correct ? a : 1 - a).ToArray();
        return (predicted, actual);
    }

    [Fact]
    public void Accuracy_interval_matches_binomial_theory()
    {
        var (predicted, actual) = Predictions(1200, 1080);
        var (accuracy, _, _) = ScoreIntervals.Classification([predicted], actual);
        // Normal approximation to the binomial: 0.9 ± 1.96·√(0.9·0.1/1200) = 0.9 ± 0.0170.
        var half = 1.96 * Math.Sqrt(0.9 * 0.1 / 1200);
        Assert.Equal(0.9 - half, accuracy.Low, 0.004);
        Assert.Equal(0.9 + half, accuracy.High, 0.004);
    }

    [Fact]
    public void Mean_interval_matches_the_standard_error()
    {
        // Values 0, 1, …, 399 scaled to [0, 1): sd = √((n² − 1)/12)/n ≈ 0.2887.
        var values = Enumerable.Range(0, 400).Select(i => i / 400.0).ToArray();
        var interval = ScoreIntervals.Mean([values]);
        var half = 1.96 * 0.2887 / Math.Sqrt(400);
        Assert.Equal(values.Average() - half, interval.Low, 0.004);
        Assert.Equal(values.Average() + half, interval.High, 0.004);
    }

    [Fact]
    public void Percentiles_of_a_two_item_mean_span_the_extremes()
    {
        // Draws of two items from {0, 1}: mean 0 (¼), ½ (½) or 1 (¼): the 2.5% and 97.5% percentiles are 0 and 1.
        var interval = Bootstrap.Percentile(2, 1, (draw, values) => values[0] = draw.ToArray().Average(i => (double)i));
        Assert.Equal(0.0, interval[0].Low);
        Assert.Equal(1.0, interval[0].High);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval()
    {
        var (predicted, actual) = Predictions(300, 240);
        Assert.Equal(ScoreIntervals.Classification([predicted], actual), ScoreIntervals.Classification([predicted], actual));
        var other = ScoreIntervals.Classification([predicted], actual, seed: 99).Accuracy;
        var first = ScoreIntervals.Classification([predicted], actual).Accuracy;
        Assert.NotEqual(first, other);
        Assert.Equal(first.Low, other.Low, 0.01);
    }

    [Fact]
    public void The_interval_of_a_mean_over_runs_resamples_the_images_of_every_run_together()
    {
        // One run is always right and the other always wrong: whatever images are drawn, their mean accuracy is ½.
        var (right, actual) = Predictions(200, 200);
        var wrong = right.Select(p => 1 - p).ToArray();
        var (accuracy, _, _) = ScoreIntervals.Classification([right, wrong], actual);
        Assert.Equal(new Interval(0.5, 0.5), accuracy);
    }

    [Fact]
    public void Default_synthetic_test_sets_bound_the_accuracy_interval_to_three_points()
    {
        // The widest case, accuracy ½, on the default number of synthetic test images.
        var n = DataSpec.SyntheticClsTest;
        var (predicted, actual) = Predictions(n, n / 2);
        var (accuracy, _, _) = ScoreIntervals.Classification([predicted], actual);
        Assert.True(accuracy.High - 0.5 <= 0.03 && 0.5 - accuracy.Low <= 0.03, $"{accuracy} on {n} images");
    }
}
