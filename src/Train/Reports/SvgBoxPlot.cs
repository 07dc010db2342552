using System.Globalization;
using System.Text;

namespace MultiMix.Train.Reports;

/// <summary>
/// Box plots as standalone SVG text, one box per named group (for example per-image Dice per model and data
/// set): box from the lower to the upper quartile, a line at the median, whiskers to the most extreme values
/// within 1.5 × IQR, outliers as open dots, and under each box its name and sample count (slanted when names are too long to sit side by side) (see
/// <see cref="BoxStats"/>). Non-finite values are ignored; a group without values keeps its label and no box.
/// </summary>
public static class SvgBoxPlot
{
    public const int Height = 420;

    private const double Slot = 110;

    private const double CharWidth = 7;

    public static string Render(string title, string yLabel, IReadOnlyList<KeyValuePair<string, IReadOnlyList<double>>> groups)
    {
        var stats = groups.Select(g => BoxStats.Compute(g.Value)).ToList();
        var present = stats.OfType<BoxStats>().ToList();
        var yScale = present.Count == 0
            ? AxisScale.Nice(0, 1)
            : AxisScale.Nice(present.Min(s => Math.Min(s.LowerWhisker, s.Outliers.DefaultIfEmpty(s.LowerWhisker).Min())), present.Max(s => Math.Max(s.UpperWhisker, s.Outliers.DefaultIfEmpty(s.UpperWhisker).Max())));
        var longest = groups.Select(g => g.Key.Length).DefaultIfEmpty(0).Max();
        var rotate = longest * CharWidth > Slot - 10;
        var labelDepth = rotate ? (longest + 10) * CharWidth * 0.5 : 0;
        var left = rotate ? Math.Max(80, ((longest + 10) * CharWidth * 0.87) - (Slot / 2) + 10) : 80;
        var width = (int)Math.Max(480, left + 20 + (Slot * groups.Count));
        var bottomMargin = rotate ? 30 : 60;
        var height = (int)(Height - 60 + bottomMargin + labelDepth);
        var area = new PlotArea(left, 40, width - 20, height - bottomMargin - labelDepth);

        var svg = new StringBuilder();
        SvgMarkup.Open(svg, width, height, title);
        area.DrawYAxis(svg, yScale, yLabel);
        area.DrawFrame(svg);
        var slot = (area.Right - area.Left) / Math.Max(groups.Count, 1);
        for (var g = 0; g < groups.Count; g++)
        {
            var centre = area.Left + ((g + 0.5) * slot);
            if (stats[g] is { } box)
            {
                DrawBox(svg, area, yScale, box, centre, Math.Min(60, slot * 0.5), SvgMarkup.Color(g));
            }

            DrawLabel(svg, area, centre, groups[g].Key, stats[g]?.Count ?? 0, rotate);
        }

        SvgMarkup.Close(svg);
        return svg.ToString();
    }

    private static void DrawBox(StringBuilder svg, PlotArea area, AxisScale scale, BoxStats box, double centre, double boxWidth, string color)
    {
        double Y(double v) => area.Y(scale, v);
        var half = boxWidth / 2;
        SvgMarkup.Line(svg, centre, Y(box.UpperWhisker), centre, Y(box.UpperQuartile), color, 1.5);
        SvgMarkup.Line(svg, centre, Y(box.LowerQuartile), centre, Y(box.LowerWhisker), color, 1.5);
        SvgMarkup.Line(svg, centre - (half / 2), Y(box.UpperWhisker), centre + (half / 2), Y(box.UpperWhisker), color, 1.5);
        SvgMarkup.Line(svg, centre - (half / 2), Y(box.LowerWhisker), centre + (half / 2), Y(box.LowerWhisker), color, 1.5);
        var top = Y(box.UpperQuartile);
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"box\" x=\"{SvgMarkup.Coordinate(centre - half)}\" y=\"{SvgMarkup.Coordinate(top)}\" width=\"{SvgMarkup.Coordinate(boxWidth)}\" height=\"{SvgMarkup.Coordinate(Y(box.LowerQuartile) - top)}\" fill=\"{color}\" fill-opacity=\"0.3\" stroke=\"{color}\" stroke-width=\"1.5\"/>\n");
        SvgMarkup.Line(svg, centre - half, Y(box.Median), centre + half, Y(box.Median), "#222222", 2);
        foreach (var outlier in box.Outliers)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"outlier\" cx=\"{SvgMarkup.Coordinate(centre)}\" cy=\"{SvgMarkup.Coordinate(Y(outlier))}\" r=\"2.5\" fill=\"none\" stroke=\"{color}\"/>\n");
        }
    }

    private static void DrawLabel(StringBuilder svg, PlotArea area, double centre, string name, int count, bool rotate)
    {
        var y = area.Bottom + 18;
        if (rotate)
        {
            SvgMarkup.Text(svg, centre, y, $"{name} (n = {count})", "end", $" transform=\"rotate(-30 {SvgMarkup.Coordinate(centre)} {SvgMarkup.Coordinate(y)})\"");
        }
        else
        {
            SvgMarkup.Text(svg, centre, y, name, "middle");
            SvgMarkup.Text(svg, centre, y + 16, $"n = {count}", "middle", " fill=\"#555555\"");
        }
    }
}
