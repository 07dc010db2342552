using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiMix.Train.Data;

/// <summary>
/// Decodes PNG, JPEG, GIF and BMP files of any size into grayscale luminance in [0, 1]. Every file is decoded
/// to 16-bit luminance (ImageSharp's L16, Rec. 709 weights for colour, alpha ignored), so 16-bit PNGs keep
/// their full precision and 8-bit files map exactly onto multiples of 1/255.
/// </summary>
public static class ImageFile
{
    private static readonly string[] s_extensions = [".png", ".jpg", ".jpeg", ".gif", ".bmp"];

    public static IReadOnlyList<string> Extensions => s_extensions;

    public static bool HasImageExtension(string path) =>
        s_extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The image at its stored resolution.</summary>
    public static GrayImage Load(string path)
    {
        if (!File.Exists(path))
        {
            throw DataException.ForPath(path, "image file not found");
        }

        try
        {
            using var image = Image.Load<L16>(path);
            var raw = new L16[image.Width * image.Height];
            image.CopyPixelDataTo(raw);
            var result = new GrayImage(image.Width, image.Height);
            for (var i = 0; i < raw.Length; i++)
            {
                result.Pixels[i] = raw[i].PackedValue / 65535f;
            }

            return result;
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw DataException.ForPath(path, $"cannot read image ({e.Message})", e);
        }
    }

    /// <summary>The image resized to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static GrayImage Load(string path, int width, int height) =>
        BilinearResize.Resize(Load(path), width, height);

    /// <summary>A stored mask binarized at its stored resolution (see <see cref="MaskOps.BinarizeStored"/>).</summary>
    public static GrayImage LoadMask(string path) => MaskOps.BinarizeStored(Load(path));
}
