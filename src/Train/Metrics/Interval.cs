using System.Globalization;

namespace MultiMix.Train.Metrics;

/// <summary>A two-sided confidence interval [<see cref="Low"/>, <see cref="High"/>].</summary>
public sealed record Interval(double Low, double High)
{
    public bool Contains(double value) => value >= Low && value <= High;

    /// <summary>"[low, high]" to the given number of decimals, invariant culture.</summary>
    public string Format(int decimals = 3) =>
        string.Create(CultureInfo.InvariantCulture, $"[{Low.ToString("F" + decimals, CultureInfo.InvariantCulture)}, {High.ToString("F" + decimals, CultureInfo.InvariantCulture)}]");
}
