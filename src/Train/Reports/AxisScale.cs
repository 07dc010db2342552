using System.Globalization;

namespace MultiMix.Train.Reports;

/// <summary>
/// A linear axis from <see cref="Low"/> to <see cref="High"/> with ticks every <see cref="Step"/>; the bounds are
/// multiples of the step and the step is 1, 2 or 5 times a power of ten.
/// </summary>
public sealed record AxisScale(double Low, double High, double Step)
{
    public const int TargetTicks = 6;

    /// <summary>
    /// A scale covering [<paramref name="min"/>, <paramref name="max"/>] with about <see cref="TargetTicks"/> ticks.
    /// A zero-width range is widened (by a tenth of its magnitude, or by 1 around 0). With
    /// <paramref name="integerSteps"/> the step is at least 1 (epoch axes).
    /// </summary>
    public static AxisScale Nice(double min, double max, bool integerSteps = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"axis range [{min}, {max}] is not a finite interval");
        }

        if (max - min <= Math.Abs(max) * 1e-12)
        {
            var pad = min == 0 ? 1.0 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }

        var rough = (max - min) / (TargetTicks - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var step = (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10) * magnitude;
        if (integerSteps)
        {
            step = Math.Max(step, 1);
        }

        return new AxisScale(Math.Floor((min / step) + 1e-9) * step, Math.Ceiling((max / step) - 1e-9) * step, step);
    }

    public IReadOnlyList<double> Ticks
    {
        get
        {
            var count = (int)Math.Round((High - Low) / Step);
            return [.. Enumerable.Range(0, count + 1).Select(k => Low + (k * Step))];
        }
    }

    /// <summary>Tick label with as many decimals as the step needs, invariant culture.</summary>
    public string Label(double value)
    {
        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(Step) + 1e-9), 0, 10);
        var rounded = Math.Round(value, decimals);
        return (rounded == 0 ? 0.0 : rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Maps <paramref name="value"/> linearly so that Low → <paramref name="from"/>, High → <paramref name="to"/>.</summary>
    public double Map(double value, double from, double to) => from + ((value - Low) / (High - Low) * (to - from));
}
