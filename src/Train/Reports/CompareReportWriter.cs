using System.Globalization;
using System.Text;
using System.Text.Json;
using MultiMix.Train.Data;

namespace MultiMix.Train.Reports;

/// <summary>
/// Writes a comparison report folder: index.html (charts inlined) and index.md (charts linked), charts/*.svg,
/// summary.csv and summary.json (per variant and column: mean, standard deviation, runs, the 95% bootstrap
/// interval of the mean, and whether it is the column's best), seeds.csv and seeds.json (per run and test set:
/// every score and its per-run interval). Every file is written atomically, the pages last.
/// </summary>
public static class CompareReportWriter
{
    public const string SummaryCsv = "summary.csv";
    public const string SummaryJson = "summary.json";
    public const string SeedsCsv = "seeds.csv";
    public const string SeedsJson = "seeds.json";

    public static readonly IReadOnlyList<string> SummaryColumns = ["variant", "dataset", "metric", "mean", "std", "runs", "low", "high", "best"];

    public static readonly IReadOnlyList<string> SeedColumns =
        ["variant", "seed", "steps", "best_epoch", "train_seconds", .. MetricsFiles.MetricsColumns.Skip(1), .. MetricsFiles.IntervalColumns];

    public static void Write(string folder, CompareContent content)
    {
        Directory.CreateDirectory(folder);
        var charts = CompareCharts.Build(content);
        foreach (var chart in charts)
        {
            AtomicFile.WriteText(Path.Combine(folder, ReportWriter.ChartFolder, chart.FileName), chart.Svg);
        }

        var best = CompareRow.Best(content.Rows, content.Columns.Count);
        AtomicFile.WriteText(Path.Combine(folder, SummaryCsv), SummaryCsvText(content, best));
        AtomicFile.WriteText(Path.Combine(folder, SummaryJson), SummaryJsonText(content, best));
        AtomicFile.WriteText(Path.Combine(folder, SeedsCsv), SeedsCsvText(content.SeedRows));
        AtomicFile.WriteText(Path.Combine(folder, SeedsJson), SeedsJsonText(content.SeedRows));
        string[] files = [SummaryCsv, SummaryJson, SeedsCsv, SeedsJson];
        AtomicFile.WriteText(Path.Combine(folder, "index.md"), Markdown(content, best, charts, files));
        AtomicFile.WriteText(Path.Combine(folder, "index.html"), Html(content, best, charts, files));
    }

    /// <summary>The table as Markdown: one row per variant, the best cell of each column in bold.</summary>
    public static string MarkdownTable(CompareContent content, bool[,] best)
    {
        var md = new StringBuilder();
        md.Append("| variant | ").Append(string.Join(" | ", content.Columns.Select(c => c.Header))).Append(" |\n");
        md.Append("|---|").Append(string.Concat(content.Columns.Select(_ => "---|"))).Append('\n');
        for (var r = 0; r < content.Rows.Count; r++)
        {
            var row = content.Rows[r];
            md.Append("| ").Append(row.Variant);
            for (var c = 0; c < content.Columns.Count; c++)
            {
                var text = row.Cells[c]?.Text ?? "–";
                md.Append(" | ").Append(best[r, c] ? $"**{text}**" : text);
            }

            md.Append(" |\n");
        }

        return md.ToString();
    }

    private static string Markdown(CompareContent content, bool[,] best, IReadOnlyList<ReportChart> charts, IReadOnlyList<string> files)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(content.Title).Append("\n\n");
        foreach (var (key, value) in content.Summary)
        {
            md.Append("- **").Append(key).Append("**: ").Append(value).Append('\n');
        }

        md.Append("\n## Results\n\n").Append(MarkdownTable(content, best));
        foreach (var note in content.Notes)
        {
            md.Append('\n').Append(note).Append('\n');
        }

        md.Append("\nData: ").Append(string.Join(", ", files.Select(f => $"[{f}]({f})"))).Append('\n');
        if (charts.Count > 0)
        {
            md.Append("\n## Charts\n");
            foreach (var chart in charts)
            {
                md.Append("\n![").Append(chart.Title).Append("](").Append(ReportWriter.ChartFolder).Append('/').Append(chart.FileName).Append(")\n");
            }
        }

        return md.ToString();
    }

    private static string Html(CompareContent content, bool[,] best, IReadOnlyList<ReportChart> charts, IReadOnlyList<string> files)
    {
        static string E(string text) => SvgMarkup.Escape(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(content.Title)}</title>\n");
        html.Append("<style>\nbody { font-family: sans-serif; margin: 2em auto; max-width: 1400px; padding: 0 1em; color: #222; }\n");
        html.Append("table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; } td.number { text-align: right; font-variant-numeric: tabular-nums; }\n");
        html.Append("th { background: #f2f2f2; } td.best { font-weight: bold; background: #eef6ee; } figure.chart svg { max-width: 100%; height: auto; }\n</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(content.Title)}</h1>\n<dl>\n");
        foreach (var (key, value) in content.Summary)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt><strong>{E(key)}</strong></dt><dd>{E(value)}</dd>\n");
        }

        html.Append("</dl>\n<h2>Results</h2>\n<table>\n<thead><tr><th>variant</th>");
        foreach (var column in content.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(column.Header)}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < content.Rows.Count; r++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(content.Rows[r].Variant)}</td>");
            for (var c = 0; c < content.Columns.Count; c++)
            {
                var text = content.Rows[r].Cells[c]?.Text ?? "–";
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"number{(best[r, c] ? " best" : "")}\">{E(text)}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        foreach (var note in content.Notes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(note)}</p>\n");
        }

        html.Append("<p>Data: ").Append(string.Join(", ", files.Select(f => $"<a href=\"{E(f)}\">{E(f)}</a>"))).Append("</p>\n");
        if (charts.Count > 0)
        {
            html.Append("<h2>Charts</h2>\n");
            foreach (var chart in charts)
            {
                html.Append("<figure class=\"chart\">\n").Append(chart.Svg).Append("</figure>\n");
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string SummaryCsvText(CompareContent content, bool[,] best)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', SummaryColumns)).Append('\n');
        for (var r = 0; r < content.Rows.Count; r++)
        {
            for (var c = 0; c < content.Columns.Count; c++)
            {
                if (content.Rows[r].Cells[c] is not { } cell)
                {
                    continue;
                }

                var column = content.Columns[c];
                csv.Append(string.Join(',', new[]
                {
                    MetricsFiles.CsvField(content.Rows[r].Variant), MetricsFiles.CsvField(column.Dataset), column.Metric, N(cell.Mean), N(cell.Std),
                    cell.Runs.ToString(CultureInfo.InvariantCulture), N(cell.Interval?.Low), N(cell.Interval?.High), best[r, c] ? "true" : "false",
                })).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string SummaryJsonText(CompareContent content, bool[,] best)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            for (var r = 0; r < content.Rows.Count; r++)
            {
                json.WriteStartObject();
                json.WriteString("variant", content.Rows[r].Variant);
                for (var c = 0; c < content.Columns.Count; c++)
                {
                    var column = content.Columns[c];
                    json.WritePropertyName($"{column.Dataset} {column.Metric}");
                    if (content.Rows[r].Cells[c] is not { } cell)
                    {
                        json.WriteNullValue();
                        continue;
                    }

                    json.WriteStartObject();
                    json.WriteNumber("mean", cell.Mean);
                    json.WriteNumber("std", cell.Std);
                    json.WriteNumber("runs", cell.Runs);
                    WriteNumberOrNull(json, "low", cell.Interval?.Low);
                    WriteNumberOrNull(json, "high", cell.Interval?.High);
                    json.WriteBoolean("best", best[r, c]);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string SeedsCsvText(IReadOnlyList<CompareSeedRow> rows)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', SeedColumns)).Append('\n');
        foreach (var row in rows)
        {
            csv.Append(string.Join(',', SeedFields(row).Select(f => MetricsFiles.CsvField(f ?? string.Empty)))).Append('\n');
        }

        return csv.ToString();
    }

    private static string SeedsJsonText(IReadOnlyList<CompareSeedRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("variant", row.Variant);
                json.WriteNumber("seed", row.Seed);
                json.WriteNumber("steps", row.Steps);
                json.WriteNumber("best_epoch", row.BestEpoch);
                json.WriteNumber("train_seconds", row.TrainSeconds);
                json.WriteString("dataset", row.Metrics.Dataset);
                var values = MetricsFiles.ScoreValues(row.Metrics);
                for (var i = 0; i < values.Length; i++)
                {
                    WriteNumberOrNull(json, MetricsFiles.MetricsColumns[i + 2], values[i]);
                }

                var bounds = MetricsFiles.IntervalValues(row.Metrics);
                for (var i = 0; i < bounds.Length; i++)
                {
                    WriteNumberOrNull(json, MetricsFiles.IntervalColumns[i], bounds[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static IEnumerable<string?> SeedFields(CompareSeedRow row) =>
    [
        row.Variant, row.Seed.ToString(CultureInfo.InvariantCulture), row.Steps.ToString(CultureInfo.InvariantCulture),
        row.BestEpoch.ToString(CultureInfo.InvariantCulture), N(row.TrainSeconds), row.Metrics.Dataset,
        .. MetricsFiles.ScoreValues(row.Metrics).Select(N), .. MetricsFiles.IntervalValues(row.Metrics).Select(N),
    ];

    private static string N(double? value) => value is { } v && double.IsFinite(v) ? v.ToString(CultureInfo.InvariantCulture) : string.Empty;

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
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
}
