using System.Globalization;
using System.Text;

namespace MultiMix.Train.Reports;

/// <summary>The self-contained index.html of a report: charts inlined as SVG, gallery images as relative links.</summary>
public static class HtmlPage
{
    private const string Style = """
        body { font-family: sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f2f2f2; }
        dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
        dl.summary dt { font-weight: bold; }
        dl.summary dd { margin: 0; }
        figure.chart svg { max-width: 100%; height: auto; }
        .gallery { display: flex; flex-wrap: wrap; gap: 1em; }
        .gallery figure { margin: 0; border: 1px solid #ddd; padding: 0.5em; }
        .gallery img { width: 256px; height: auto; image-rendering: pixelated; }
        .gallery figcaption { font-size: 0.9em; max-width: 520px; }
        """;

    public static string Build(ReportContent content, IReadOnlyList<ReportChart> charts, IReadOnlyList<GalleryEntry> gallery, IReadOnlyList<string> dataFiles)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(content.Title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(content.Title)}</h1>\n");
        AppendSummary(html, content.Summary);
        AppendMetrics(html, content.Metrics, dataFiles);
        AppendCharts(html, charts);
        AppendGallery(html, gallery);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendSummary(StringBuilder html, IReadOnlyList<KeyValuePair<string, string>> summary)
    {
        if (summary.Count == 0)
        {
            return;
        }

        html.Append("<h2>Run</h2>\n<dl class=\"summary\">\n");
        foreach (var (key, value) in summary)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{E(key)}</dt><dd>{E(value)}</dd>\n");
        }

        html.Append("</dl>\n");
    }

    private static void AppendMetrics(StringBuilder html, IReadOnlyList<MetricsRow> rows, IReadOnlyList<string> dataFiles)
    {
        html.Append("<h2>Metrics</h2>\n");
        if (rows.Count > 0)
        {
            html.Append("<table>\n<thead><tr>");
            foreach (var header in MetricsTable.Headers)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{E(header)}</th>");
            }

            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in rows)
            {
                var cells = MetricsTable.Cells(row);
                html.Append("<tr>");
                for (var i = 0; i < cells.Count; i++)
                {
                    html.Append(i < 2 ? $"<td>{E(cells[i])}</td>" : $"<td class=\"number\">{E(cells[i])}</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }
        else
        {
            html.Append("<p>No metrics.</p>\n");
        }

        if (dataFiles.Count > 0)
        {
            html.Append("<p>Data: ").Append(string.Join(", ", dataFiles.Select(f => $"<a href=\"{E(f)}\">{E(f)}</a>"))).Append("</p>\n");
        }
    }

    private static void AppendCharts(StringBuilder html, IReadOnlyList<ReportChart> charts)
    {
        if (charts.Count == 0)
        {
            return;
        }

        html.Append("<h2>Charts</h2>\n");
        foreach (var chart in charts)
        {
            html.Append("<figure class=\"chart\">\n").Append(chart.Svg).Append("</figure>\n");
        }
    }

    private static void AppendGallery(StringBuilder html, IReadOnlyList<GalleryEntry> gallery)
    {
        if (gallery.Count == 0)
        {
            return;
        }

        html.Append("<h2>Samples</h2>\n<p>Lung boundaries: <span style=\"color:#ff4500\">predicted</span>, ");
        html.Append("<span style=\"color:#00b000\">reference</span>, <span style=\"color:#b0b000\">both</span>; saliency from dark (low) to bright (high).</p>\n");
        html.Append("<div class=\"gallery\">\n");
        foreach (var entry in gallery)
        {
            html.Append("<figure>\n");
            html.Append(CultureInfo.InvariantCulture, $"<img src=\"{E(entry.OverlayFile)}\" alt=\"{E(entry.Name)} with lung boundaries\">\n");
            if (entry.SaliencyFile is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<img src=\"{E(entry.SaliencyFile)}\" alt=\"{E(entry.Name)} saliency\">\n");
            }

            html.Append(CultureInfo.InvariantCulture, $"<figcaption><strong>{E(entry.Name)}</strong>{(entry.Caption.Length > 0 ? "<br>" + E(entry.Caption) : string.Empty)}</figcaption>\n");
            html.Append("</figure>\n");
        }

        html.Append("</div>\n");
    }

    private static string E(string text) => SvgMarkup.Escape(text);
}
