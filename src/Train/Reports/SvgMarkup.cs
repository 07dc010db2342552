using System.Globalization;
using System.Text;

namespace MultiMix.Train.Reports;

/// <summary>Small helpers shared by the SVG charts: escaping, invariant number formatting, the document frame.</summary>
public static class SvgMarkup
{
    /// <summary>Distinct series colours, a ten-colour categorical palette reused cyclically.</summary>
    public static readonly IReadOnlyList<string> Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    public static string Color(int index) => Palette[index % Palette.Count];

    /// <summary>Escapes text for XML content and attribute values (also safe inside HTML).</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>A coordinate in user units, at most two decimals, invariant culture.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static void Open(StringBuilder svg, int width, int height, string title)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Coordinate(width / 2.0)}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n");
    }

    public static void Close(StringBuilder svg) => svg.Append("</svg>\n");

    public static void Text(StringBuilder svg, double x, double y, string text, string anchor, string extra = "") =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Coordinate(x)}\" y=\"{Coordinate(y)}\" text-anchor=\"{anchor}\"{extra}>{Escape(text)}</text>\n");

    public static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string stroke, double width = 1) =>
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Coordinate(x1)}\" y1=\"{Coordinate(y1)}\" x2=\"{Coordinate(x2)}\" y2=\"{Coordinate(y2)}\" stroke=\"{stroke}\" stroke-width=\"{Coordinate(width)}\"/>\n");
}
