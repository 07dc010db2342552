namespace MultiMix.Train.Reports;

/// <summary>
/// Tukey box-plot statistics of a sample: quartiles by linear interpolation between order statistics (the
/// "type 7" definition, NumPy's default), whiskers at the most extreme values within 1.5 × IQR of the box, and
/// the values beyond them as outliers.
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

        var q1 = Quantile(sorted, 0.25);
        var q3 = Quantile(sorted, 0.75);
        var reach = WhiskerReach * (q3 - q1);
        var inside = sorted.Where(v => v >= q1 - reach && v <= q3 + reach).ToArray();
        return new BoxStats(
            sorted.Length,
            q1,
            Quantile(sorted, 0.5),
            q3,
            inside[0],
            inside[^1],
            [.. sorted.Where(v => v < q1 - reach || v > q3 + reach)]);
    }

    /// <summary>The <paramref name="p"/>-quantile of ascending <paramref name="sorted"/> values, interpolated linearly.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("quantile of an empty sample", nameof(sorted));
        }

        var h = (sorted.Count - 1) * Math.Clamp(p, 0, 1);
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((h - below) * (sorted[above] - sorted[below]));
    }
}
