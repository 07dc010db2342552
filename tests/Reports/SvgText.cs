using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace MultiMix.Tests.Reports;

/// <summary>Pulls elements and attribute values out of the SVG and HTML the report code writes.</summary>
internal static class SvgText
{
    public static IReadOnlyList<string> Elements(string markup, string name) =>
        [.. Regex.Matches(markup, $"<{name}\\b[^>]*>").Select(m => m.Value)];

    public static string Attribute(string element, string name) =>
        Regex.Match(element, $"\\b{name}=\"([^\"]*)\"") is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"no {name} attribute in {element}");

    public static double Number(string element, string name) =>
        double.Parse(Attribute(element, name), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The (x, y) pairs of a polyline's points attribute.</summary>
    public static IReadOnlyList<(double X, double Y)> Points(string polyline) =>
        [.. Attribute(polyline, "points").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var xy = pair.Split(',');
            Assert.Equal(2, xy.Length);
            return (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture));
        })];
}
