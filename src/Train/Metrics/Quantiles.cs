namespace MultiMix.Train.Metrics;

/// <summary>Sample quantiles by linear interpolation between order statistics (the "type 7" definition, NumPy's default).</summary>
public static class Quantiles
{
    /// <summary>The <paramref name="p"/>-quantile of ascending <paramref name="sorted"/> values.</summary>
    public static double Linear(IReadOnlyList<double> sorted, double p)
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
