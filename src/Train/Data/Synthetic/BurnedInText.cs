namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// Burned-in annotations as a radiograph carries them: a lead side marker and a line of text (projection and an
/// identifier), drawn in a 3×5 block font at resolution-free positions and sizes, with each pixel covered in
/// proportion to how much of it the glyphs cover (sampled 4×4).
/// </summary>
internal static class BurnedInText
{
    private const int GlyphWidth = 3;
    private const int GlyphHeight = 5;
    private const int Samples = 4;

    /// <summary>Rows top to bottom, three bits each (left = 4).</summary>
    private static readonly Dictionary<char, int[]> s_font = new()
    {
        ['0'] = [7, 5, 5, 5, 7],
        ['1'] = [2, 6, 2, 2, 7],
        ['2'] = [7, 1, 7, 4, 7],
        ['3'] = [7, 1, 3, 1, 7],
        ['4'] = [5, 5, 7, 1, 1],
        ['5'] = [7, 4, 7, 1, 7],
        ['6'] = [7, 4, 7, 5, 7],
        ['7'] = [7, 1, 2, 2, 2],
        ['8'] = [7, 5, 7, 5, 7],
        ['9'] = [7, 5, 7, 1, 7],
        ['A'] = [2, 5, 7, 5, 5],
        ['L'] = [4, 4, 4, 4, 7],
        ['P'] = [6, 5, 6, 4, 4],
        ['R'] = [6, 5, 6, 5, 5],
    };

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left corner at (<paramref name="left"/>, <paramref name="top"/>) and
    /// glyph pixels <paramref name="cell"/> wide, all as fractions of the image side, blending towards
    /// <paramref name="value"/>; characters without a glyph leave a gap.
    /// </summary>
    public static void Draw(GrayImage image, string text, double left, double top, double cell, float value)
    {
        var size = image.Width;
        var advance = (GlyphWidth + 1) * cell;
        var right = left + (text.Length * advance);
        var bottom = top + (GlyphHeight * cell);
        var x0 = Math.Max(0, (int)Math.Floor(left * size));
        var x1 = Math.Min(size - 1, (int)Math.Ceiling(right * size));
        var y0 = Math.Max(0, (int)Math.Floor(top * size));
        var y1 = Math.Min(image.Height - 1, (int)Math.Ceiling(bottom * size));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var covered = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        var u = (x + ((sx + 0.5) / Samples)) / size;
                        var v = (y + ((sy + 0.5) / Samples)) / size;
                        covered += Lit(text, (u - left) / cell, (v - top) / cell) ? 1 : 0;
                    }
                }

                if (covered > 0)
                {
                    var coverage = covered / (float)(Samples * Samples);
                    image[x, y] += coverage * (value - image[x, y]);
                }
            }
        }
    }

    /// <summary>Whether the point (gx, gy), in glyph pixels from the text's top-left corner, is on a lit glyph pixel.</summary>
    private static bool Lit(string text, double gx, double gy)
    {
        if (gx < 0 || gy < 0 || gy >= GlyphHeight)
        {
            return false;
        }

        var index = (int)(gx / (GlyphWidth + 1));
        var column = (int)gx - (index * (GlyphWidth + 1));
        if (index >= text.Length || column >= GlyphWidth || !s_font.TryGetValue(text[index], out var rows))
        {
            return false;
        }

        return (rows[(int)gy] & (1 << (GlyphWidth - 1 - column))) != 0;
    }
}
