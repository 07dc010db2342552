using MultiMix.Train.Data;

namespace MultiMix.Train.Augment;

/// <summary>
/// PIL.ImageOps operations whose definition works on 8-bit levels. A float pixel v in [0, 1] is taken as the
/// level round(255·v) wherever PIL looks at levels (histograms, bit masks, the solarize threshold).
/// Posterize and Equalize return levels / 255, exactly PIL's result. Solarize returns v or 1 − v (PIL's
/// 255 − level, without re-quantizing). AutoContrast stretches [lo, hi] linearly onto [0, 1] without PIL's
/// final truncation to a level, so its outputs can differ from PIL's by less than 1/255.
/// </summary>
public static class PilLevelOps
{
    public static int Level(float v) => (int)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f, MidpointRounding.AwayFromZero);

    public static int[] Histogram(GrayImage image)
    {
        var histogram = new int[256];
        foreach (var v in image.Pixels)
        {
            histogram[Level(v)]++;
        }

        return histogram;
    }

    /// <summary>ImageOps.autocontrast (cutoff 0): the darkest level maps to 0 and the brightest to 1; an image
    /// with a single level is returned unchanged.</summary>
    public static GrayImage AutoContrast(GrayImage image)
    {
        var histogram = Histogram(image);
        var lo = Array.FindIndex(histogram, c => c > 0);
        var hi = Array.FindLastIndex(histogram, c => c > 0);
        if (hi <= lo)
        {
            return image.Clone();
        }

        return Map(image, v => Math.Clamp(((v * 255f) - lo) / (hi - lo), 0f, 1f));
    }

    /// <summary>
    /// ImageOps.equalize: with the histogram h and last non-empty bin count c, step = (Σh − c) div 255 and level
    /// i maps to (step div 2 + Σ_{j&lt;i} h_j) div step, clipped to 255; identity when step is 0 or the image
    /// has one level.
    /// </summary>
    public static GrayImage Equalize(GrayImage image)
    {
        var histogram = Histogram(image);
        var nonEmpty = histogram.Where(c => c > 0).ToArray();
        if (nonEmpty.Length <= 1)
        {
            return image.Clone();
        }

        var step = (nonEmpty.Sum() - nonEmpty[^1]) / 255;
        if (step == 0)
        {
            return image.Clone();
        }

        var lut = new float[256];
        var n = step / 2;
        for (var i = 0; i < 256; i++)
        {
            lut[i] = Math.Min(n / step, 255) / 255f;
            n += histogram[i];
        }

        return Map(image, v => lut[Level(v)]);
    }

    /// <summary>ImageOps.posterize: keep the top <paramref name="bits"/> bits of each level.</summary>
    public static GrayImage Posterize(GrayImage image, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 8);
        var keep = ~((1 << (8 - bits)) - 1);
        return Map(image, v => (Level(v) & keep) / 255f);
    }

    /// <summary>ImageOps.solarize: levels at or above <paramref name="threshold"/> are inverted.</summary>
    public static GrayImage Solarize(GrayImage image, int threshold) =>
        Map(image, v => Level(v) < threshold ? v : 1f - v);

    private static GrayImage Map(GrayImage image, Func<float, float> f)
    {
        var result = new GrayImage(image.Width, image.Height);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            result.Pixels[i] = f(image.Pixels[i]);
        }

        return result;
    }
}
