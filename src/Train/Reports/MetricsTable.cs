using System.Globalization;

namespace MultiMix.Train.Reports;

/// <summary>The metrics table as text cells: scores to 4 decimals (invariant culture), blank where absent.</summary>
public static class MetricsTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["Model", "Dataset", "Accuracy", "F1-N", "F1-P", "Dice", "Jaccard", "Precision", "Recall", "SSIM", "Avg Hausdorff (px)"];

    public static IReadOnlyList<string> Cells(MetricsRow row) =>
        [row.Model, row.Dataset, .. MetricsFiles.ScoreValues(row).Select(Format)];

    public static string Format(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? string.Empty;
}
