namespace MultiMix.Train.Data;

/// <summary>
/// JSRT <c>.IMG</c> files: side × side raw big-endian 16-bit words holding 12-bit values, no header. The stored
/// values are inverted relative to the usual display, so the image is (4095 − v) / 4095 and lungs come out dark.
/// </summary>
public static class JsrtImage
{
    public const int DefaultSide = 2048;

    private const int MaxValue = 4095;

    /// <summary>The image's size after checking the file's length (the format has no header to read).</summary>
    public static (int Width, int Height) Inspect(string path, int side = DefaultSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(side);
        if (!File.Exists(path))
        {
            throw DataException.ForPath(path, "JSRT image file not found");
        }

        CheckLength(path, new FileInfo(path).Length, side);
        return (side, side);
    }

    public static GrayImage Read(string path, int side = DefaultSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(side);
        if (!File.Exists(path))
        {
            throw DataException.ForPath(path, "JSRT image file not found");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataException.ForPath(path, $"cannot read JSRT image ({e.Message})", e);
        }

        CheckLength(path, bytes.Length, side);

        var image = new GrayImage(side, side);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            var value = Math.Min((bytes[2 * i] << 8) | bytes[(2 * i) + 1], MaxValue);
            image.Pixels[i] = (MaxValue - value) / (float)MaxValue;
        }

        return image;
    }

    private static void CheckLength(string path, long length, int side)
    {
        var expected = 2L * side * side;
        if (length != expected)
        {
            throw DataException.ForPath(path, $"JSRT image must be {side}x{side} 16-bit raw = {expected} bytes, file has {length} bytes");
        }
    }
}
