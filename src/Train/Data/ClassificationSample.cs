namespace MultiMix.Train.Data;

/// <summary>An image in [0, 1] and its class index (0 normal, 1 pneumonia for the chest X-ray sets).</summary>
public readonly record struct ClassificationSample(GrayImage Image, int Label) : IImageSample<ClassificationSample>
{
    public ClassificationSample Copy() => this with { Image = Image.Clone() };
}
