namespace MultiMix.Train.Data;

/// <summary>
/// A one-channel host image: <see cref="Pixels"/> holds Width × Height values in row-major order, nominally in
/// [0, 1]. Masks use the same type with values 0 and 1.
/// </summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height)
        : this(width, height, new float[checked(width * height)])
    {
    }

    public GrayImage(int width, int height, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"expected {width * height} pixels for {width}x{height}, got {pixels.Length}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Pixels { get; }

    public float this[int x, int y]
    {
        get => Pixels[(y * Width) + x];
        set => Pixels[(y * Width) + x] = value;
    }

    public bool SameSize(GrayImage other) => Width == other.Width && Height == other.Height;

    public GrayImage Clone() => new(Width, Height, (float[])Pixels.Clone());
}
