using System.Globalization;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// The metrics table as text cells: scores to 4 decimals (invariant culture), blank where absent; accuracy,
/// F1-N, F1-P and Dice followed by their 95% bootstrap interval where the row has one.
/// </summary>
public static class MetricsTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["Model", "Dataset", "Accuracy", "F1-N", "F1-P", "Dice", "Jaccard", "Precision", "Recall", "SSIM", "Avg Hausdorff (px)"];

    public static IReadOnlyList<string> Cells(MetricsRow row)
    {
        var values = MetricsFiles.ScoreValues(row);
        var i = row.Intervals;
        Interval?[] intervals = [i?.Accuracy, i?.F1Normal, i?.F1Pneumonia, i?.Dice];
        return [row.Model, row.Dataset, .. values.Select((v, k) => k < intervals.Length ? WithInterval(v, intervals[k]) : Format(v))];
    }

    public static string Format(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string WithInterval(double? value, Interval? interval) =>
        value is null || interval is null ? Format(value) : $"{Format(value)} {interval.Format()}";
}
