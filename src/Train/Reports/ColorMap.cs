namespace MultiMix.Train.Reports;

/// <summary>
/// A perceptually ordered dark-to-bright colour map in the manner of "inferno": black through purple, red and
/// orange to pale yellow, linear interpolation in RGB between evenly spaced anchor colours.
/// </summary>
public static class ColorMap
{
    private static readonly (byte R, byte G, byte B)[] s_anchors =
    [
        (0, 0, 4),
        (40, 11, 84),
        (101, 21, 110),
        (159, 42, 99),
        (212, 72, 66),
        (245, 125, 21),
        (250, 193, 39),
        (252, 255, 164),
    ];

    public static (byte R, byte G, byte B) Low => s_anchors[0];

    public static (byte R, byte G, byte B) High => s_anchors[^1];

    /// <summary>The colour at <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0).</summary>
    public static (byte R, byte G, byte B) At(float t)
    {
        t = float.IsNaN(t) ? 0f : Math.Clamp(t, 0f, 1f);
        var position = t * (s_anchors.Length - 1);
        var index = Math.Min((int)position, s_anchors.Length - 2);
        var fraction = position - index;
        var (r0, g0, b0) = s_anchors[index];
        var (r1, g1, b1) = s_anchors[index + 1];
        return (Mix(r0, r1, fraction), Mix(g0, g1, fraction), Mix(b0, b1, fraction));
    }

    private static byte Mix(byte from, byte to, float fraction) =>
        (byte)MathF.Round(from + ((to - from) * fraction));
}
