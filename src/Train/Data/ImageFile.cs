using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiMix.Train.Data;

/// <summary>
/// Decodes PNG, JPEG, GIF and BMP files of any size into grayscale luminance in [0, 1]. Every file is decoded
/// to 16-bit luminance (ImageSharp's L16, Rec. 709 weights for colour, alpha ignored), so 16-bit PNGs keep
/// their full precision and 8-bit files map exactly onto multiples of 1/255. A missing file, a link to nothing,
/// an empty file and a PNG or JPEG cut short (<see cref="ImageStructure"/>) are refused, each in its own words.
/// </summary>
public static class ImageFile
{
    private static readonly string[] s_extensions = [".png", ".jpg", ".jpeg", ".gif", ".bmp"];

    public static IReadOnlyList<string> Extensions => s_extensions;

    public static bool HasImageExtension(string path) =>
        s_extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The file's bytes after the checks every image file passes: it exists, is not empty, and is complete if it is a PNG or JPEG.</summary>
    public static byte[] ReadBytes(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Missing(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataException.ForPath(path, $"cannot read the file ({e.Message})", e);
        }

        if (bytes.Length == 0)
        {
            throw DataException.ForPath(path, "empty file (0 bytes)");
        }

        if (ImageStructure.Problem(bytes) is { } problem)
        {
            throw DataException.ForPath(path, problem);
        }

        return bytes;
    }

    /// <summary>The image at its stored resolution.</summary>
    public static GrayImage Load(string path)
    {
        var bytes = ReadBytes(path);
        using var image = Decode<L16>(path, bytes);
        var raw = new L16[image.Width * image.Height];
        image.CopyPixelDataTo(raw);
        var result = new GrayImage(image.Width, image.Height);
        for (var i = 0; i < raw.Length; i++)
        {
            result.Pixels[i] = raw[i].PackedValue / 65535f;
        }

        return result;
    }

    /// <summary>The image resized to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static GrayImage Load(string path, int width, int height) =>
        BilinearResize.Resize(Load(path), width, height);

    /// <summary>
    /// Width and height, checking the file as far as that can be done without decoding every pixel: the checks of
    /// <see cref="ReadBytes"/> and a readable header. GIF and BMP files, which have no end marker, are decoded.
    /// </summary>
    public static (int Width, int Height) Inspect(string path)
    {
        var bytes = ReadBytes(path);
        if (ImageStructure.IsPng(bytes) || ImageStructure.IsJpeg(bytes))
        {
            var info = Identify(path, bytes);
            return (info.Width, info.Height);
        }

        using var image = Decode<L16>(path, bytes);
        return (image.Width, image.Height);
    }

    /// <summary>A stored mask binarized at its stored resolution by the mask rule (<see cref="MaskFile"/>).</summary>
    public static GrayImage LoadMask(string path) => MaskFile.Read(path).Mask;

    /// <summary>Decodes <paramref name="bytes"/> (read from <paramref name="path"/>, named in errors).</summary>
    internal static Image<TPixel> Decode<TPixel>(string path, byte[] bytes)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            return Image.Load<TPixel>(bytes);
        }
        catch (UnknownImageFormatException e)
        {
            throw NotAnImage(path, bytes, e);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or NotSupportedException)
        {
            throw DataException.ForPath(path, $"cannot read image ({e.Message})", e);
        }
    }

    private static IImageInfo Identify(string path, byte[] bytes)
    {
        try
        {
            return Image.Identify(bytes) ?? throw NotAnImage(path, bytes, null);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or NotSupportedException)
        {
            throw DataException.ForPath(path, $"cannot read image header ({e.Message})", e);
        }
    }

    private static DataException NotAnImage(string path, byte[] bytes, Exception? inner)
    {
        var start = string.Join(' ', bytes.Take(4).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        var message = $"cannot read image: not a PNG, JPEG, GIF or BMP file (it starts with the bytes {start})";
        return inner is null ? DataException.ForPath(path, message) : DataException.ForPath(path, message, inner);
    }

    private static DataException Missing(string path)
    {
        var link = new FileInfo(path).LinkTarget;
        return link is null
            ? DataException.ForPath(path, "image file not found")
            : DataException.ForPath(path, $"a link to {link}, which does not exist");
    }
}
