using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiMix.Tests.Data;

/// <summary>Writes the small image files the loader tests read back.</summary>
internal static class Fixtures
{
    public static void Gray8Png(string path, int width, int height, Func<int, int, byte> level) =>
        Save(path, width, height, (x, y) => new L8(level(x, y)), image => image.SaveAsPng(path));

    public static void Gray16Png(string path, int width, int height, Func<int, int, ushort> value) =>
        Save(path, width, height, (x, y) => new L16(value(x, y)), image =>
            image.SaveAsPng(path, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Grayscale }));

    public static void RgbPng(string path, int width, int height, Func<int, int, Rgb24> color) =>
        Save(path, width, height, color, image => image.SaveAsPng(path));

    public static void RgbaPng(string path, int width, int height, Func<int, int, Rgba32> color) =>
        Save(path, width, height, color, image => image.SaveAsPng(path));

    public static void Jpeg(string path, int width, int height, Func<int, int, byte> level) =>
        Save(path, width, height, (x, y) => new L8(level(x, y)), image => image.SaveAsJpeg(path));

    public static void Gif(string path, int width, int height, Func<int, int, byte> level) =>
        Save(path, width, height, (x, y) => new L8(level(x, y)), image => image.SaveAsGif(path));

    public static void Bmp(string path, int width, int height, Func<int, int, byte> level) =>
        Save(path, width, height, (x, y) => new L8(level(x, y)), image => image.SaveAsBmp(path));

    /// <summary>A headerless big-endian 16-bit JSRT-style raw file.</summary>
    public static void JsrtImg(string path, int side, Func<int, int, ushort> value)
    {
        var bytes = new byte[2 * side * side];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var v = value(x, y);
                var i = 2 * ((y * side) + x);
                bytes[i] = (byte)(v >> 8);
                bytes[i + 1] = (byte)(v & 0xFF);
            }
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A 0/255 mask that is foreground where <paramref name="inside"/> holds.</summary>
    public static Func<int, int, byte> Mask(Func<int, int, bool> inside) => (x, y) => inside(x, y) ? (byte)255 : (byte)0;

    private static void Save<TPixel>(string path, int width, int height, Func<int, int, TPixel> pixel, Action<Image<TPixel>> save)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<TPixel>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = pixel(x, y);
            }
        }

        save(image);
    }
}
