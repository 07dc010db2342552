using System.Xml.Linq;
using MultiMix.Train.Reports;
using Xunit;

namespace MultiMix.Tests.Reports;

public sealed class SvgChartTests
{
    private static readonly double[] s_epochs = [1, 2, 3, 4, 5];

    [Fact]
    public void OnePolylinePerSeriesWithMissingPointsSkipped()
    {
        var series = new[]
        {
            new ChartSeries("loss", s_epochs, [0.9, 0.7, 0.5, 0.4, 0.35]),
            new ChartSeries("dice & ce", s_epochs, [1.0, double.NaN, 3.0, null, 5.0]),
        };

        var svg = SvgChart.Render("Training <loss>", "epoch", "loss", series);

        var polylines = SvgText.Elements(svg, "polyline");
        Assert.Equal(2, polylines.Count);
        Assert.Equal(5, SvgText.Points(polylines[0]).Count);
        Assert.Equal(3, SvgText.Points(polylines[1]).Count);
        Assert.NotEqual(SvgText.Attribute(polylines[0], "stroke"), SvgText.Attribute(polylines[1], "stroke"));
        Assert.Contains(">loss<", svg, StringComparison.Ordinal);
        Assert.Contains(">dice &amp; ce<", svg, StringComparison.Ordinal);
        Assert.Contains("Training &lt;loss&gt;", svg, StringComparison.Ordinal);
        XDocument.Parse(svg);
    }

    [Fact]
    public void LargerValuesAreHigherAndXIncreasesToTheRight()
    {
        var svg = SvgChart.Render("t", "epoch", "v", [new ChartSeries("v", s_epochs, [0.9, 0.7, 0.5, 0.4, 0.35])]);

        var points = SvgText.Points(SvgText.Elements(svg, "polyline").Single());
        for (var i = 1; i < points.Count; i++)
        {
            Assert.True(points[i].X > points[i - 1].X);
            Assert.True(points[i].Y > points[i - 1].Y, "a smaller value is drawn lower (larger SVG y)");
        }
    }

    [Fact]
    public void AxisLabelsAreInvariantNumbers()
    {
        var svg = SvgChart.Render("t", "epoch", "v", [new ChartSeries("v", s_epochs, [0.12, 0.2, 0.31, 0.4, 0.55])]);

        var texts = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains("0.1", texts);
        Assert.Contains("0.6", texts);
        Assert.Contains("1", texts);
        Assert.Contains("5", texts);
        Assert.DoesNotContain("1.5", texts);
    }

    [Fact]
    public void SeriesWithoutPointsKeepsItsLegendButDrawsNoLine()
    {
        var svg = SvgChart.Render("t", "epoch", "v",
        [
            new ChartSeries("present", s_epochs, [1.0, 2.0, 3.0, 4.0, 5.0]),
            new ChartSeries("absent", s_epochs, [null, null, null, null, null]),
        ]);

        Assert.Single(SvgText.Elements(svg, "polyline"));
        Assert.Contains(">absent<", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void NiceScaleCoversTheDataWithRoundSteps()
    {
        var scale = AxisScale.Nice(0.13, 0.97);

        Assert.Equal(0.2, scale.Step, 12);
        Assert.Equal(0.0, scale.Low, 12);
        Assert.Equal(1.0, scale.High, 12);
        Assert.Equal(new[] { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0" }, scale.Ticks.Select(scale.Label));
    }
}
