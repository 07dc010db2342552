using System.Globalization;
using System.Text;
using MultiMix.Train.Data;

namespace MultiMix.Train.Reports;

/// <summary>
/// Writes a report folder: index.html (self-contained apart from the sample PNGs, charts inlined), index.md
/// (charts linked), charts/*.svg, samples/*.png (boundary overlay per sample, saliency heat map where the sample
/// has one), metrics.csv and metrics.json. Every file is written atomically, the pages last, so a page never
/// links a file that is not yet there. Files of an earlier report in the same folder are overwritten, not removed.
/// </summary>
public static class ReportWriter
{
    public const string ChartFolder = "charts";

    public const string SampleFolder = "samples";

    public const string MetricsCsv = "metrics.csv";

    public const string MetricsJson = "metrics.json";

    private const int SlugLength = 48;

    public static void Write(string folder, ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(folder);

        var charts = HistoryCharts.Build(content.History).ToList();
        if (content.DiceDistributions.Count > 0)
        {
            charts.Add(new ReportChart("dice-boxplot.svg", "Per-image Dice", SvgBoxPlot.Render("Per-image Dice", "Dice", content.DiceDistributions)));
        }

        foreach (var chart in charts)
        {
            AtomicFile.WriteText(Path.Combine(folder, ChartFolder, chart.FileName), chart.Svg);
        }

        var gallery = new List<GalleryEntry>(content.Samples.Count);
        for (var i = 0; i < content.Samples.Count; i++)
        {
            gallery.Add(WriteSample(folder, i, content.Samples[i]));
        }

        MetricsFiles.WriteMetricsCsv(Path.Combine(folder, MetricsCsv), content.Metrics);
        MetricsFiles.WriteMetricsJson(Path.Combine(folder, MetricsJson), content.Metrics);
        string[] dataFiles = [MetricsCsv, MetricsJson];

        AtomicFile.WriteText(Path.Combine(folder, "index.md"), MarkdownPage.Build(content, charts, gallery, dataFiles));
        AtomicFile.WriteText(Path.Combine(folder, "index.html"), HtmlPage.Build(content, charts, gallery, dataFiles));
    }

    /// <summary>
    /// A file-name stem from a sample name: ASCII letters and digits kept (lower-cased), every other run of
    /// characters one hyphen, at most <see cref="SlugLength"/> characters; "sample" when nothing is left.
    /// </summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString();
        text = text[..Math.Min(text.Length, SlugLength)].Trim('-');
        return text.Length == 0 ? "sample" : text;
    }

    private static GalleryEntry WriteSample(string folder, int index, SamplePrediction sample)
    {
        var stem = $"{index.ToString("D3", CultureInfo.InvariantCulture)}-{Slug(sample.Name)}";
        var overlay = $"{SampleFolder}/{stem}-overlay.png";
        PngFile.Save(MaskOverlay.Draw(sample.Image, sample.Probability, sample.Reference), Path.Combine(folder, overlay));
        string? saliency = null;
        if (sample.Saliency is not null)
        {
            saliency = $"{SampleFolder}/{stem}-saliency.png";
            PngFile.Save(HeatMap.Render(sample.Saliency, sample.Image), Path.Combine(folder, saliency));
        }

        return new GalleryEntry(sample.Name, overlay, saliency, GalleryEntry.CaptionOf(sample));
    }
}
