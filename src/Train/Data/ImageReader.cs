namespace MultiMix.Train.Data;

/// <summary>How a data set reads its image files: decoding them, and checking one (its size) without decoding every pixel.</summary>
public sealed record ImageReader(Func<string, GrayImage> Load, Func<string, (int Width, int Height)> Inspect)
{
    /// <summary>PNG, JPEG, GIF and BMP files (<see cref="ImageFile"/>).</summary>
    public static ImageReader Files { get; } = new(ImageFile.Load, ImageFile.Inspect);
}
