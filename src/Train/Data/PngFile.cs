using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiMix.Train.Data;

/// <summary>Writes images as 8-bit PNG (grayscale or RGB), atomically (see <see cref="AtomicFile"/>).</summary>
public static class PngFile
{
    private static readonly PngEncoder s_gray = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
    private static readonly PngEncoder s_rgb = new() { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 };

    /// <summary>Saves <paramref name="image"/> as grayscale (values clamped to [0, 1], rounded to 0..255).</summary>
    public static void Save(GrayImage image, string path)
    {
        var pixels = new L8[image.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = new L8((byte)Math.Round(Math.Clamp(image.Pixels[i], 0f, 1f) * 255f));
        }

        Save(Image.LoadPixelData<L8>(pixels, image.Width, image.Height), s_gray, path);
    }

    /// <summary>Saves <paramref name="image"/> as RGB.</summary>
    public static void Save(RgbImage image, string path) => Save(Image.LoadPixelData<Rgb24>(image.Rgb, image.Width, image.Height), s_rgb, path);

    private static void Save(Image encoded, PngEncoder encoder, string path)
    {
        using (encoded)
        {
            AtomicFile.Write(path, stream => encoded.Save(stream, encoder));
        }
    }
}
