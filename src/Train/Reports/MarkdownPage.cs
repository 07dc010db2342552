using System.Text;

namespace MultiMix.Train.Reports;

/// <summary>The index.md of a report: the same content as the HTML page, charts linked as SVG files.</summary>
public static class MarkdownPage
{
    public static string Build(ReportContent content, IReadOnlyList<ReportChart> charts, IReadOnlyList<GalleryEntry> gallery, IReadOnlyList<string> dataFiles)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Inline(content.Title)).Append("\n\n");
        if (content.Summary.Count > 0)
        {
            md.Append("## Run\n\n");
            foreach (var (key, value) in content.Summary)
            {
                md.Append("- **").Append(Inline(key)).Append("**: ").Append(Inline(value)).Append('\n');
            }

            md.Append('\n');
        }

        md.Append("## Metrics\n\n");
        if (content.Metrics.Count > 0)
        {
            AppendTableRow(md, MetricsTable.Headers);
            md.Append('|').Append(string.Join('|', MetricsTable.Headers.Select((_, i) => i < 2 ? "---" : "---:"))).Append("|\n");
            foreach (var row in content.Metrics)
            {
                AppendTableRow(md, MetricsTable.Cells(row));
            }
        }
        else
        {
            md.Append("No metrics.\n");
        }

        if (dataFiles.Count > 0)
        {
            md.Append("\nData: ").Append(string.Join(", ", dataFiles.Select(f => $"[{f}]({f})"))).Append('\n');
        }

        if (charts.Count > 0)
        {
            md.Append("\n## Charts\n");
            foreach (var chart in charts)
            {
                md.Append("\n![").Append(AltText(chart.Title)).Append("](charts/").Append(chart.FileName).Append(")\n");
            }
        }

        if (gallery.Count > 0)
        {
            md.Append("\n## Samples\n\nLung boundaries: predicted orange-red, reference green, both yellow; saliency from dark (low) to bright (high).\n");
            foreach (var entry in gallery)
            {
                md.Append("\n### ").Append(Inline(entry.Name)).Append("\n\n");
                md.Append("![").Append(AltText(entry.Name)).Append(" with lung boundaries](").Append(entry.OverlayFile).Append(')');
                if (entry.SaliencyFile is not null)
                {
                    md.Append(" ![").Append(AltText(entry.Name)).Append(" saliency](").Append(entry.SaliencyFile).Append(')');
                }

                md.Append('\n');
                if (entry.Caption.Length > 0)
                {
                    md.Append('\n').Append(Inline(entry.Caption)).Append('\n');
                }
            }
        }

        return md.ToString();
    }

    private static void AppendTableRow(StringBuilder md, IEnumerable<string> cells) =>
        md.Append("| ").Append(string.Join(" | ", cells.Select(c => Inline(c).Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");

    /// <summary>One line of text with &amp;, &lt; and &gt; escaped, so a name cannot inject HTML.</summary>
    private static string Inline(string text) =>
        text.ReplaceLineEndings(" ")
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string AltText(string text) =>
        Inline(text).Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal);
}
