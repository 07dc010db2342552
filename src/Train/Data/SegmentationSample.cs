namespace MultiMix.Train.Data;

/// <summary>An image in [0, 1] and its binary lung mask of the same size.</summary>
public readonly record struct SegmentationSample(GrayImage Image, GrayImage Mask) : IImageSample<SegmentationSample>
{
    public SegmentationSample Copy() => new(Image.Clone(), Mask.Clone());
}
