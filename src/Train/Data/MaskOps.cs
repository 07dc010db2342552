namespace MultiMix.Train.Data;

/// <summary>Binarization and union of lung masks.</summary>
public static class MaskOps
{
    /// <summary>1 where the value is at least <paramref name="threshold"/>, else 0.</summary>
    public static GrayImage Binarize(GrayImage mask, float threshold = 0.5f)
    {
        var result = new GrayImage(mask.Width, mask.Height);
        for (var i = 0; i < mask.Pixels.Length; i++)
        {
            result.Pixels[i] = mask.Pixels[i] >= threshold ? 1f : 0f;
        }

        return result;
    }

    /// <summary>Pixelwise maximum of two equally sized masks (the union of binary masks).</summary>
    public static GrayImage Union(GrayImage a, GrayImage b)
    {
        if (!a.SameSize(b))
        {
            throw new ArgumentException($"mask sizes differ: {a.Width}x{a.Height} and {b.Width}x{b.Height}");
        }

        var result = new GrayImage(a.Width, a.Height);
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            result.Pixels[i] = Math.Max(a.Pixels[i], b.Pixels[i]);
        }

        return result;
    }

    /// <summary>Resizes a binary mask bilinearly and binarizes it again at 0.5.</summary>
    public static GrayImage Resize(GrayImage mask, int width, int height) =>
        Binarize(BilinearResize.Resize(mask, width, height));

    public static int CountForeground(GrayImage mask)
    {
        var count = 0;
        foreach (var v in mask.Pixels)
        {
            if (v >= 0.5f)
            {
                count++;
            }
        }

        return count;
    }
}
