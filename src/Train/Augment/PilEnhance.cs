using MultiMix.Train.Data;

namespace MultiMix.Train.Augment;

/// <summary>
/// PIL.ImageEnhance on float images: each blends a degenerate image with the input,
/// out = degenerate + factor·(image − degenerate), clamped to [0, 1] (factor 0 gives the degenerate image,
/// 1 the input). PIL's truncation of the blend to 8-bit levels is left out.
/// </summary>
public static class PilEnhance
{
    /// <summary>Degenerate image: black.</summary>
    public static GrayImage Brightness(GrayImage image, double factor) =>
        Blend(new GrayImage(image.Width, image.Height), image, factor);

    /// <summary>Degenerate image: uniform gray at PIL's mean level, int(mean of the 8-bit levels + 0.5).</summary>
    public static GrayImage Contrast(GrayImage image, double factor)
    {
        var sum = 0L;
        foreach (var v in image.Pixels)
        {
            sum += PilLevelOps.Level(v);
        }

        var mean = (int)(((double)sum / image.Pixels.Length) + 0.5);
        var degenerate = new GrayImage(image.Width, image.Height);
        Array.Fill(degenerate.Pixels, mean / 255f);
        return Blend(degenerate, image, factor);
    }

    /// <summary>Degenerate image: PIL's SMOOTH filter (3×3 kernel 1 1 1 / 1 5 1 / 1 1 1, divided by 13) on the
    /// interior, the outermost rows and columns copied unchanged, as PIL's 3×3 filter leaves them.</summary>
    public static GrayImage Sharpness(GrayImage image, double factor)
    {
        var degenerate = image.Clone();
        for (var y = 1; y < image.Height - 1; y++)
        {
            for (var x = 1; x < image.Width - 1; x++)
            {
                var sum = 4f * image[x, y];
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        sum += image[x + dx, y + dy];
                    }
                }

                degenerate[x, y] = sum / 13f;
            }
        }

        return Blend(degenerate, image, factor);
    }

    private static GrayImage Blend(GrayImage degenerate, GrayImage image, double factor)
    {
        var result = new GrayImage(image.Width, image.Height);
        var f = (float)factor;
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            var d = degenerate.Pixels[i];
            result.Pixels[i] = Math.Clamp(d + (f * (image.Pixels[i] - d)), 0f, 1f);
        }

        return result;
    }
}
