using MultiMix.Train.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiMix.Train.Reports;

/// <summary>Writes an <see cref="RgbImage"/> as an 8-bit RGB PNG, atomically (temporary file, then rename).</summary>
public static class RgbPng
{
    private static readonly PngEncoder s_encoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
    };

    public static void Save(RgbImage image, string path)
    {
        using var encoded = Image.LoadPixelData<Rgb24>(image.Rgb, image.Width, image.Height);
        AtomicFile.Write(path, stream => encoded.Save(stream, s_encoder));
    }
}
