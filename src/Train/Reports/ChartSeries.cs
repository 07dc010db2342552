namespace MultiMix.Train.Reports;

/// <summary>One line of a <see cref="SvgChart"/>: y values at x positions; null and non-finite points are skipped.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double?> Y)
{
    /// <summary>The drawable points, in order: both coordinates present and finite.</summary>
    public IReadOnlyList<(double X, double Y)> FinitePoints()
    {
        if (X.Count != Y.Count)
        {
            throw new ArgumentException($"series '{Name}' has {X.Count} x values and {Y.Count} y values");
        }

        var points = new List<(double, double)>(X.Count);
        for (var i = 0; i < X.Count; i++)
        {
            if (Y[i] is { } y && double.IsFinite(y) && double.IsFinite(X[i]))
            {
                points.Add((X[i], y));
            }
        }

        return points;
    }
}
