using MultiMix.Train.Data;

namespace MultiMix.Train.Reports;

/// <summary>
/// Renders a saliency map through <see cref="ColorMap"/>. Values are divided by a robust maximum, the 99th
/// percentile of the map (the true maximum when that percentile is not positive), and clamped to [0, 1], so a
/// few extreme gradients do not wash out the rest. Over an underlay the colour is alpha-blended with opacity
/// proportional to the normalised saliency (up to <see cref="MaxOpacity"/>): where saliency is zero the
/// radiograph shows unchanged.
/// </summary>
public static class HeatMap
{
    public const double RobustPercentile = 0.99;

    public const float MaxOpacity = 0.7f;

    public static RgbImage Render(GrayImage saliency, GrayImage? underlay)
    {
        ArgumentNullException.ThrowIfNull(saliency);
        if (underlay is not null && !underlay.SameSize(saliency))
        {
            throw new ArgumentException($"underlay is {underlay.Width}x{underlay.Height}, saliency is {saliency.Width}x{saliency.Height}", nameof(underlay));
        }

        var scale = RobustMax(saliency.Pixels);
        var image = underlay is null ? new RgbImage(saliency.Width, saliency.Height) : RgbImage.FromGray(underlay);
        for (var i = 0; i < saliency.Pixels.Length; i++)
        {
            var value = saliency.Pixels[i];
            var t = scale > 0f && float.IsFinite(value) ? Math.Clamp(value / scale, 0f, 1f) : 0f;
            var (r, g, b) = ColorMap.At(t);
            var alpha = underlay is null ? 1f : MaxOpacity * t;
            image.Rgb[3 * i] = Blend(image.Rgb[3 * i], r, alpha);
            image.Rgb[(3 * i) + 1] = Blend(image.Rgb[(3 * i) + 1], g, alpha);
            image.Rgb[(3 * i) + 2] = Blend(image.Rgb[(3 * i) + 2], b, alpha);
        }

        return image;
    }

    /// <summary>
    /// The <see cref="RobustPercentile"/> quantile of the finite values (nearest rank), or their maximum when
    /// that quantile is not positive; 0 when no value is positive.
    /// </summary>
    public static float RobustMax(ReadOnlySpan<float> values)
    {
        var finite = new List<float>(values.Length);
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                finite.Add(v);
            }
        }

        if (finite.Count == 0)
        {
            return 0f;
        }

        finite.Sort();
        var rank = (int)Math.Ceiling(RobustPercentile * finite.Count) - 1;
        var percentile = finite[Math.Clamp(rank, 0, finite.Count - 1)];
        return percentile > 0f ? percentile : Math.Max(finite[^1], 0f);
    }

    private static byte Blend(byte under, byte over, float alpha) =>
        (byte)MathF.Round(under + ((over - under) * alpha));
}
