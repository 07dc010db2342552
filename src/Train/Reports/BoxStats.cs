using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// Tukey box-plot statistics of a sample: quartiles by <see cref="Quantiles.Linear"/>, whiskers at the most
/// extreme values within 1.5 × IQR of the box, and the values beyond them as outliers.
/// </summary>
public sealed record BoxStats(
    int Count,
    double LowerQuartile,
    double Median,
    double UpperQuartile,
    double LowerWhisker,
    double UpperWhisker,
    IReadOnlyList<double> Outliers)
{
    public const double WhiskerReach = 1.5;

    /// <summary>The statistics of the finite values, or null when there are none.</summary>
    public static BoxStats? Compute(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var q1 = Quantiles.Linear(sorted, 0.25);
        var q3 = Quantiles.Linear(sorted, 0.75);
        var reach = WhiskerReach * (q3 - q1);
        var inside = sorted.Where(v => v >= q1 - reach && v <= q3 + reach).ToArray();
        return new BoxStats(
            sorted.Length,
            q1,
            Quantiles.Linear(sorted, 0.5),
            q3,
            inside[0],
            inside[^1],
            [.. sorted.Where(v => v < q1 - reach || v > q3 + reach)]);
    }
}
