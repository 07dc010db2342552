using System.Globalization;
using System.Text;

namespace MultiMix.Train.Reports;

/// <summary>
/// A line chart as standalone SVG text: title, numeric axes with grid, one polyline per series that has a
/// drawable point (null and non-finite values skipped, the line joining the points either side), and a legend
/// with every series. Points get markers too when a series has at most <see cref="MarkerLimit"/> of them, so
/// short runs stay visible. When every x value is an integer the x ticks are integers. The chart is
/// <see cref="Width"/> wide, wider when a legend name needs the room.
/// </summary>
public static class SvgChart
{
    public const int Width = 720;

    public const int Height = 420;

    public const int MarkerLimit = 25;

    private const double LegendCharWidth = 7;

    private static readonly PlotArea s_area = new(75, 40, 540, 360);

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var points = series.Select(s => s.FinitePoints()).ToList();
        var all = points.SelectMany(p => p).ToList();
        var integerX = all.All(p => p.X == Math.Floor(p.X));
        var xScale = all.Count == 0 ? AxisScale.Nice(0, 1) : AxisScale.Nice(all.Min(p => p.X), all.Max(p => p.X), integerX);
        var yScale = all.Count == 0 ? AxisScale.Nice(0, 1) : AxisScale.Nice(all.Min(p => p.Y), all.Max(p => p.Y));

        var legendText = s_area.Right + 50;
        var width = (int)Math.Max(Width, legendText + (series.Select(s => s.Name.Length).DefaultIfEmpty(0).Max() * LegendCharWidth) + 10);
        var svg = new StringBuilder();
        SvgMarkup.Open(svg, width, Height, title);
        s_area.DrawYAxis(svg, yScale, yLabel);
        s_area.DrawXAxis(svg, xScale, xLabel);
        s_area.DrawFrame(svg);
        if (all.Count == 0)
        {
            SvgMarkup.Text(svg, (s_area.Left + s_area.Right) / 2, (s_area.Top + s_area.Bottom) / 2, "no data", "middle", " fill=\"#888888\"");
        }

        for (var s = 0; s < series.Count; s++)
        {
            DrawSeries(svg, points[s], xScale, yScale, SvgMarkup.Color(s));
            DrawLegendEntry(svg, s, series[s].Name, SvgMarkup.Color(s));
        }

        SvgMarkup.Close(svg);
        return svg.ToString();
    }

    private static void DrawSeries(StringBuilder svg, IReadOnlyList<(double X, double Y)> points, AxisScale xScale, AxisScale yScale, string color)
    {
        if (points.Count == 0)
        {
            return;
        }

        var coordinates = string.Join(' ', points.Select(p => $"{SvgMarkup.Coordinate(s_area.X(xScale, p.X))},{SvgMarkup.Coordinate(s_area.Y(yScale, p.Y))}"));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"{coordinates}\"/>\n");
        if (points.Count <= MarkerLimit)
        {
            foreach (var (x, y) in points)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{SvgMarkup.Coordinate(s_area.X(xScale, x))}\" cy=\"{SvgMarkup.Coordinate(s_area.Y(yScale, y))}\" r=\"3\" fill=\"{color}\"/>\n");
            }
        }
    }

    private static void DrawLegendEntry(StringBuilder svg, int index, string name, string color)
    {
        var x = s_area.Right + 20;
        var y = s_area.Top + 8 + (index * 20);
        SvgMarkup.Line(svg, x, y, x + 24, y, color, 3);
        SvgMarkup.Text(svg, x + 30, y + 4, name, "start");
    }
}
