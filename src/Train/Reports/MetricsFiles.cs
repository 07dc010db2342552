using System.Globalization;
using System.Text;
using System.Text.Json;
using MultiMix.Train.Data;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// Machine-readable metrics: the metrics table as CSV and JSON (scores, then the 95% bootstrap interval of
/// accuracy, F1-N, F1-P and Dice as *_low and *_high), per-image segmentation scores and per-image
/// classifications as CSV (each row naming the image's file). Numbers are written in the invariant culture at
/// full (round-trip) precision; an absent score is an empty CSV field or a JSON null. Every file is written
/// atomically.
/// </summary>
public static class MetricsFiles
{
    public static readonly IReadOnlyList<string> MetricsColumns =
        ["model", "dataset", "accuracy", "f1_normal", "f1_pneumonia", "dice", "jaccard", "precision", "recall", "ssim", "avg_hausdorff"];

    /// <summary>The interval columns after <see cref="MetricsColumns"/>, in <see cref="IntervalValues"/> order.</summary>
    public static readonly IReadOnlyList<string> IntervalColumns =
        ["accuracy_low", "accuracy_high", "f1_normal_low", "f1_normal_high", "f1_pneumonia_low", "f1_pneumonia_high", "dice_low", "dice_high"];

    public static readonly IReadOnlyList<string> PerImageColumns =
        ["model", "dataset", "image", "dice", "jaccard", "precision", "recall", "ssim", "avg_hausdorff"];

    public static readonly IReadOnlyList<string> ClassificationColumns = ["model", "dataset", "image", "label", "predicted", "p_pneumonia"];

    public static void WriteMetricsCsv(string path, IReadOnlyList<MetricsRow> rows)
    {
        var csv = new StringBuilder();
        AppendRow(csv, [.. MetricsColumns, .. IntervalColumns]);
        foreach (var row in rows)
        {
            AppendRow(csv, [row.Model, row.Dataset, .. ScoreValues(row).Select(Number), .. IntervalValues(row).Select(Number)]);
        }

        AtomicFile.WriteText(path, csv.ToString());
    }

    /// <summary>
    /// A JSON array with one object per row: model, dataset, the scores by the CSV column names, and the
    /// confusion matrix as counts[true class][predicted class] (null without classification).
    /// </summary>
    public static void WriteMetricsJson(string path, IReadOnlyList<MetricsRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("model", row.Model);
                json.WriteString("dataset", row.Dataset);
                var values = ScoreValues(row);
                for (var i = 0; i < values.Length; i++)
                {
                    WriteNumber(json, MetricsColumns[i + 2], values[i]);
                }

                var bounds = IntervalValues(row);
                for (var i = 0; i < bounds.Length; i++)
                {
                    WriteNumber(json, IntervalColumns[i], bounds[i]);
                }

                WriteConfusion(json, row.Classification?.Confusion);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        AtomicFile.WriteText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }

    public static void WritePerImageCsv(string path, IReadOnlyList<PerImageScores> rows)
    {
        var csv = new StringBuilder();
        AppendRow(csv, PerImageColumns);
        foreach (var row in rows)
        {
            var s = row.Scores;
            AppendRow(csv, [row.Model, row.Dataset, row.Image, .. new double?[] { s.Dice, s.Jaccard, s.Precision, s.Recall, s.Ssim, s.AverageHausdorff }.Select(Number)]);
        }

        AtomicFile.WriteText(path, csv.ToString());
    }

    public static void WriteClassificationCsv(string path, IReadOnlyList<ClassificationPrediction> rows)
    {
        var csv = new StringBuilder();
        AppendRow(csv, ClassificationColumns);
        foreach (var row in rows)
        {
            AppendRow(csv,
            [
                row.Model,
                row.Dataset,
                row.Image,
                row.Label.ToString(CultureInfo.InvariantCulture),
                row.Predicted.ToString(CultureInfo.InvariantCulture),
                row.PneumoniaProbability.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        AtomicFile.WriteText(path, csv.ToString());
    }

    /// <summary>The scores of a row in <see cref="MetricsColumns"/> order after model and dataset; null where absent.</summary>
    public static double?[] ScoreValues(MetricsRow row)
    {
        var c = row.Classification;
        var s = row.Segmentation;
        return [c?.Accuracy, c?.F1Normal, c?.F1Pneumonia, s?.Dice, s?.Jaccard, s?.Precision, s?.Recall, s?.Ssim, s?.AverageHausdorff];
    }

    /// <summary>The interval bounds of a row in <see cref="IntervalColumns"/> order; null where absent.</summary>
    public static double?[] IntervalValues(MetricsRow row)
    {
        var i = row.Intervals;
        return [i?.Accuracy?.Low, i?.Accuracy?.High, i?.F1Normal?.Low, i?.F1Normal?.High, i?.F1Pneumonia?.Low, i?.F1Pneumonia?.High, i?.Dice?.Low, i?.Dice?.High];
    }

    /// <summary>A CSV field: quoted (quotes doubled) when it holds a comma, quote or line break.</summary>
    public static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static void AppendRow(StringBuilder csv, IEnumerable<string> fields) =>
        csv.Append(string.Join(',', fields.Select(CsvField))).Append('\n');

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteConfusion(Utf8JsonWriter json, ConfusionMatrix? confusion)
    {
        if (confusion is null)
        {
            json.WriteNull("confusion");
            return;
        }

        json.WriteStartArray("confusion");
        for (var actual = 0; actual < confusion.ClassCount; actual++)
        {
            json.WriteStartArray();
            for (var predicted = 0; predicted < confusion.ClassCount; predicted++)
            {
                json.WriteNumberValue(confusion[actual, predicted]);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }
}
