using MultiMix.Train.Data;

namespace MultiMix.Train.Metrics;

/// <summary>
/// The percentile bootstrap over items (Efron and Tibshirani 1993, ch. 13): draw as many items as there are,
/// with replacement, recompute the statistics on the draw, repeat <see cref="Resamples"/> times, and take the
/// 2.5th and 97.5th percentiles (<see cref="Quantiles.Linear"/>) of the recomputed values as the 95% interval.
/// The draws come from a <see cref="SeededRandom"/>, so the same data and seed always give the same interval.
/// </summary>
public static class Bootstrap
{
    /// <summary>Resamples per interval: enough that the 2.5% and 97.5% percentiles move by well under 0.01 between seeds.</summary>
    public const int Resamples = 2000;

    public const double Level = 0.95;

    /// <summary>The seed every evaluation uses, so a report's intervals are reproducible.</summary>
    public const ulong DefaultSeed = 0xB007_5EED;

    /// <summary>
    /// Intervals of <paramref name="statistics"/> statistics of <paramref name="items"/> items:
    /// <paramref name="statistic"/> gets the indices of one draw (the full set once for the point estimate is
    /// the caller's business) and writes the statistics into its span. A draw whose statistic is not finite is
    /// left out of that statistic's percentiles.
    /// </summary>
    public static Interval[] Percentile(int items, int statistics, Action<ReadOnlySpan<int>, Span<double>> statistic, ulong seed = DefaultSeed, int resamples = Resamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(items);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(statistics);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        var random = new SeededRandom(seed);
        var draw = new int[items];
        var values = new double[statistics];
        var samples = new List<double>[statistics];
        for (var s = 0; s < statistics; s++)
        {
            samples[s] = new List<double>(resamples);
        }

        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < items; i++)
            {
                draw[i] = random.NextInt(items);
            }

            statistic(draw, values);
            for (var s = 0; s < statistics; s++)
            {
                if (double.IsFinite(values[s]))
                {
                    samples[s].Add(values[s]);
                }
            }
        }

        var tail = (1 - Level) / 2;
        var intervals = new Interval[statistics];
        for (var s = 0; s < statistics; s++)
        {
            samples[s].Sort();
            intervals[s] = samples[s].Count == 0
                ? new Interval(double.NaN, double.NaN)
                : new Interval(Quantiles.Linear(samples[s], tail), Quantiles.Linear(samples[s], 1 - tail));
        }

        return intervals;
    }
}
