namespace MultiMix.Train.Data;

/// <summary>An 8-bit RGB image: <see cref="Rgb"/> holds Width × Height × 3 bytes, row-major, channels R, G, B.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(width * height * 3)])
    {
    }

    public RgbImage(int width, int height, byte[] rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"expected {width * height * 3} bytes for {width}x{height} RGB, got {rgb.Length}", nameof(rgb));
        }

        Width = width;
        Height = height;
        Rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgb { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = Offset(x, y);
            return (Rgb[i], Rgb[i + 1], Rgb[i + 2]);
        }

        set
        {
            var i = Offset(x, y);
            Rgb[i] = value.R;
            Rgb[i + 1] = value.G;
            Rgb[i + 2] = value.B;
        }
    }

    /// <summary>The gray image as RGB with R = G = B (values clamped to [0, 1], rounded to 0..255).</summary>
    public static RgbImage FromGray(GrayImage gray)
    {
        var image = new RgbImage(gray.Width, gray.Height);
        for (var i = 0; i < gray.Pixels.Length; i++)
        {
            var level = ToByte(gray.Pixels[i]);
            image.Rgb[3 * i] = level;
            image.Rgb[(3 * i) + 1] = level;
            image.Rgb[(3 * i) + 2] = level;
        }

        return image;
    }

    /// <summary>A [0, 1] intensity as a byte level; NaN counts as 0.</summary>
    public static byte ToByte(float value) =>
        float.IsNaN(value) ? (byte)0 : (byte)MathF.Round(Math.Clamp(value, 0f, 1f) * 255f);

    private int Offset(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return ((y * Width) + x) * 3;
    }
}
