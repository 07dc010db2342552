using System.Text;

namespace MultiMix.Train.Reports;

/// <summary>The rectangle of a chart that holds the data, in SVG user units, with its axis drawing.</summary>
public sealed record PlotArea(double Left, double Top, double Right, double Bottom)
{
    private const string GridColor = "#e0e0e0";

    private const string AxisColor = "#333333";

    private const double TickLength = 5;

    public double X(AxisScale scale, double value) => scale.Map(value, Left, Right);

    public double Y(AxisScale scale, double value) => scale.Map(value, Bottom, Top);

    /// <summary>Horizontal grid lines, tick marks and labels at each y tick, and the rotated axis title.</summary>
    public void DrawYAxis(StringBuilder svg, AxisScale scale, string title)
    {
        foreach (var tick in scale.Ticks)
        {
            var y = Y(scale, tick);
            SvgMarkup.Line(svg, Left, y, Right, y, GridColor);
            SvgMarkup.Line(svg, Left - TickLength, y, Left, y, AxisColor);
            SvgMarkup.Text(svg, Left - TickLength - 3, y + 4, scale.Label(tick), "end");
        }

        var middle = (Top + Bottom) / 2;
        SvgMarkup.Text(svg, Left - 52, middle, title, "middle", $" transform=\"rotate(-90 {SvgMarkup.Coordinate(Left - 52)} {SvgMarkup.Coordinate(middle)})\"");
    }

    /// <summary>Vertical grid lines, tick marks and labels at each x tick, and the axis title below.</summary>
    public void DrawXAxis(StringBuilder svg, AxisScale scale, string title)
    {
        foreach (var tick in scale.Ticks)
        {
            var x = X(scale, tick);
            SvgMarkup.Line(svg, x, Top, x, Bottom, GridColor);
            SvgMarkup.Line(svg, x, Bottom, x, Bottom + TickLength, AxisColor);
            SvgMarkup.Text(svg, x, Bottom + TickLength + 13, scale.Label(tick), "middle");
        }

        SvgMarkup.Text(svg, (Left + Right) / 2, Bottom + 42, title, "middle");
    }

    /// <summary>The left and bottom axis lines (drawn after the grid so they stay on top).</summary>
    public void DrawFrame(StringBuilder svg)
    {
        SvgMarkup.Line(svg, Left, Top, Left, Bottom, AxisColor);
        SvgMarkup.Line(svg, Left, Bottom, Right, Bottom, AxisColor);
    }
}
