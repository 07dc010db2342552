using System.Xml.Linq;
using MultiMix.Train.Reports;
using Xunit;

namespace MultiMix.Tests.Reports;

public sealed class BoxPlotTests
{
    [Fact]
    public void QuartilesWhiskersAndOutliersMatchHandComputation()
    {
        // Sorted 1..9, 100 (NaN ignored): Q1 at rank 2.25 → 3.25, median 5.5, Q3 at rank 6.75 → 7.75,
        // IQR 4.5, fences −3.5 and 14.5: whiskers 1 and 9, outlier 100.
        var stats = BoxStats.Compute([7, 1, 100, 3, double.NaN, 5, 2, 9, 4, 6, 8])!;

        Assert.Equal(10, stats.Count);
        Assert.Equal(3.25, stats.LowerQuartile, 12);
        Assert.Equal(5.5, stats.Median, 12);
        Assert.Equal(7.75, stats.UpperQuartile, 12);
        Assert.Equal(1, stats.LowerWhisker);
        Assert.Equal(9, stats.UpperWhisker);
        Assert.Equal([100.0], stats.Outliers);
    }

    [Fact]
    public void OddCountMedianIsTheMiddleValue()
    {
        var stats = BoxStats.Compute([0.9, 0.5, 0.7])!;

        Assert.Equal(0.7, stats.Median, 12);
        Assert.Equal(0.6, stats.LowerQuartile, 12);
        Assert.Equal(0.8, stats.UpperQuartile, 12);
        Assert.Empty(stats.Outliers);
        Assert.Null(BoxStats.Compute([double.NaN]));
    }

    [Fact]
    public void OneBoxPerGroupWithOutlierDotsAndLabels()
    {
        var groups = new List<KeyValuePair<string, IReadOnlyList<double>>>
        {
            new("MM / JSRT", [0.95, 0.96, 0.97, 0.94, 0.5]),
            new("U-Net / NIH", [0.90, 0.91, 0.93]),
            new("empty", []),
        };

        var svg = SvgBoxPlot.Render("Per-image Dice", "Dice", groups);

        var boxes = SvgText.Elements(svg, "rect").Where(r => r.Contains("class=\"box\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, boxes.Count);
        Assert.Single(SvgText.Elements(svg, "circle"));
        Assert.Contains(">MM / JSRT<", svg, StringComparison.Ordinal);
        Assert.Contains(">n = 0<", svg, StringComparison.Ordinal);
        var first = boxes[0];
        Assert.True(SvgText.Number(first, "height") > 0);
        XDocument.Parse(svg);
    }
}
