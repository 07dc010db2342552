using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiMix.Train.Data;

/// <summary>A stored mask read by the mask rule: the binary mask (0/1) and, when the file's values are unusual, what they were.</summary>
/// <param name="Mask">Foreground 1, background 0, at the file's resolution.</param>
/// <param name="Rule">Which rule applied, in words ("0/1 label mask: non-zero is lung", "8-bit mask: ≥ 128 is lung"…).</param>
/// <param name="Unusual">Null for a clean mask (only 0/1, 0/255 or 0/65535); otherwise the values found, for a warning.</param>
public sealed record MaskReading(GrayImage Mask, string Rule, string? Unusual);

/// <summary>
/// The mask rule (docs/data.md, "Masks"): a fixed foreground rule from the file's bit depth, never from its own
/// maximum, so one stray pixel cannot change what the lungs are.
/// <list type="number">
/// <item>Channel: the gray value; for colour files the brightest of R, G, B; when R, G and B are the same
/// everywhere but alpha is not, the alpha channel (lungs kept in transparency).</item>
/// <item>Values are taken at the file's depth: 0–65535 for 16-bit PNGs, 0–255 for everything else.</item>
/// <item>A 0/1 label mask (more than half of its non-zero pixels are exactly 1) has every non-zero pixel as
/// foreground; any other mask has the upper half of its range: ≥ 128 (8-bit) or ≥ 32768 (16-bit).</item>
/// <item>A mask holding values other than 0/1, 0/255 or 0/65535 is unusual (JPEG masks, soft edges, stray
/// labels): it is read by the rule above and reported so it can be checked.</item>
/// </list>
/// </summary>
public static class MaskFile
{
    public static MaskReading Read(string path)
    {
        var bytes = ImageFile.ReadBytes(path);
        using var image = ImageFile.Decode<Rgba64>(path, bytes);
        var sixteen = ImageStructure.IsPng(bytes) && image.Metadata.GetPngMetadata().BitDepth == PngBitDepth.Bit16;
        var pixels = new Rgba64[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        var values = Channel(pixels, sixteen);
        var histogram = new long[sixteen ? 65536 : 256];
        foreach (var v in values)
        {
            histogram[v]++;
        }

        var (rule, threshold) = Rule(histogram, sixteen);
        var mask = new GrayImage(image.Width, image.Height);
        for (var i = 0; i < values.Length; i++)
        {
            mask.Pixels[i] = values[i] >= threshold ? 1f : 0f;
        }

        return new MaskReading(mask, rule, Unusual(histogram, sixteen));
    }

    /// <summary>The value per pixel at the file's depth, from the channel the rule names.</summary>
    private static int[] Channel(Rgba64[] pixels, bool sixteen)
    {
        int Depth(ushort v) => sixteen ? v : (v + 128) / 257;
        var first = pixels[0];
        var constantColour = pixels.All(p => p.R == first.R && p.G == first.G && p.B == first.B);
        var alphaVaries = pixels.Any(p => p.A != first.A);
        var values = new int[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = pixels[i];
            values[i] = Depth(constantColour && alphaVaries ? p.A : Math.Max(p.R, Math.Max(p.G, p.B)));
        }

        return values;
    }

    private static (string Rule, int Threshold) Rule(long[] histogram, bool sixteen)
    {
        var nonZero = histogram.Sum() - histogram[0];
        if (nonZero > 0 && 2 * histogram[1] > nonZero)
        {
            return ("0/1 label mask: every non-zero pixel is lung", 1);
        }

        return sixteen ? ("16-bit mask: values ≥ 32768 are lung", 32768) : ("8-bit mask: values ≥ 128 are lung", 128);
    }

    private static string? Unusual(long[] histogram, bool sixteen)
    {
        var present = Enumerable.Range(0, histogram.Length).Where(v => histogram[v] > 0).ToList();
        var full = sixteen ? 65535 : 255;
        if (present.All(v => v is 0 or 1) || present.All(v => v == 0 || v == full))
        {
            return null;
        }

        var shown = present.OrderByDescending(v => histogram[v]).Take(4).Order()
            .Select(v => string.Create(CultureInfo.InvariantCulture, $"{v} ({histogram[v]} px)"));
        var more = present.Count > 4 ? string.Create(CultureInfo.InvariantCulture, $", … {present.Count} values in all") : "";
        return $"values other than 0/1, 0/255 or 0/65535: {string.Join(", ", shown)}{more}";
    }
}
