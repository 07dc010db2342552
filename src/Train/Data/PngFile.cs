using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiMix.Train.Data;

/// <summary>Writes images as 8-bit grayscale PNG, atomically (see <see cref="AtomicFile"/>).</summary>
public static class PngFile
{
    private static readonly PngEncoder s_encoder = new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
    };

    /// <summary>Saves <paramref name="image"/> (values clamped to [0, 1], rounded to 0..255).</summary>
    public static void Save(GrayImage image, string path)
    {
        var pixels = new L8[image.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = new L8((byte)Math.Round(Math.Clamp(image.Pixels[i], 0f, 1f) * 255f));
        }

        using var encoded = Image.LoadPixelData<L8>(pixels, image.Width, image.Height);
        AtomicFile.Write(path, stream => encoded.Save(stream, s_encoder));
    }
}
