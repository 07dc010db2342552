using System.Text.RegularExpressions;
using System.Xml.Linq;
using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using MultiMix.Train.Reports;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace MultiMix.Tests.Reports;

public sealed class ReportWriterTests
{
    [Fact]
    public void WritesPagesPngsAndChartsThatThePagesReference()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "report");

        ReportWriter.Write(folder, Content());

        Assert.True(File.Exists(Path.Combine(folder, "index.html")));
        Assert.True(File.Exists(Path.Combine(folder, "index.md")));
        var pngs = Directory.GetFiles(Path.Combine(folder, "samples"), "*.png").Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal(["000-jpcln001-png-overlay.png", "000-jpcln001-png-saliency.png", "001-person1-virus-overlay.png"], pngs);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
        using var overlay = Image.Load<Rgb24>(Path.Combine(folder, "samples", pngs[0]));
        Assert.Equal((64, 64), (overlay.Width, overlay.Height));
    }

    [Fact]
    public void HtmlReferencesOnlyExistingFilesAndInlinesTheCharts()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "report");

        ReportWriter.Write(folder, Content());

        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        var links = Regex.Matches(html, "(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(5, links.Count);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(folder, link)), $"{link} is linked but missing"));
        Assert.Equal(4, Regex.Matches(html, "<svg ").Count);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(folder, ReportWriter.ChartFolder), "*.svg").Length);
        Assert.Contains("<td class=\"number\">0.9123</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"number\">0.6000</td>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>seed</dt><dd>42</dd>", html, StringComparison.Ordinal);
        Assert.Contains("label: pneumonia · p(pneumonia) = 0.8731 · Dice ", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        XDocument.Parse(File.ReadAllText(Path.Combine(folder, ReportWriter.ChartFolder, "train-loss.svg")));
    }

    [Fact]
    public void MarkdownLinksExistingChartsAndSamples()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "report");

        ReportWriter.Write(folder, Content());

        var md = File.ReadAllText(Path.Combine(folder, "index.md"));
        var links = Regex.Matches(md, @"\]\(([^)]*)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("charts/train-loss.svg", links);
        Assert.Contains("charts/dice-boxplot.svg", links);
        Assert.Contains("samples/000-jpcln001-png-saliency.png", links);
        Assert.Equal(9, links.Count);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(folder, link)), $"{link} is linked but missing"));
        Assert.Contains("| MultiMix, semi | NIH | 0.6000 |", md, StringComparison.Ordinal);
        Assert.Contains("| U-Net | JSRT \"test\" |  |  |  | 0.9123 | 0.8000 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", md, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyReportStillWritesBothPages()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "empty");

        ReportWriter.Write(folder, new ReportContent("Nothing yet", [], [], [], [], []));

        Assert.Contains("No metrics.", File.ReadAllText(Path.Combine(folder, "index.html")), StringComparison.Ordinal);
        Assert.Contains("# Nothing yet", File.ReadAllText(Path.Combine(folder, "index.md")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, ReportWriter.SampleFolder)));
    }

    [Fact]
    public void RgbPngKeepsEveryChannel()
    {
        using var temp = new TempFolder();
        var path = temp.File("rgb.png");
        var image = new RgbImage(2, 1, [255, 69, 0, 1, 2, 3]);

        PngFile.Save(image, path);

        using var loaded = Image.Load<Rgb24>(path);
        Assert.Equal(new Rgb24(255, 69, 0), loaded[0, 0]);
        Assert.Equal(new Rgb24(1, 2, 3), loaded[1, 0]);
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void SlugsAreFileSafe()
    {
        Assert.Equal("person1-virus", ReportWriter.Slug("person1_virus"));
        Assert.Equal("a-b-c", ReportWriter.Slug("../A b/C"));
        Assert.Equal("sample", ReportWriter.Slug("///"));
    }

    private static ReportContent Content() => new(
        "MultiMix run <script>",
        [new("seed", "42"), new("variant", "multimix-ssl")],
        ReportData.History(),
        ReportData.Rows(),
        [ReportData.Full("JPCLN001.png"), ReportData.ImageOnly("person1_virus")],
        [new("MultiMix / JSRT", [0.9, 0.95, 0.97]), new("U-Net / JSRT", [0.85, 0.9, 0.6])]);
}
