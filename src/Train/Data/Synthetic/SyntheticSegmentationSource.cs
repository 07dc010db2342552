namespace MultiMix.Train.Data.Synthetic;

/// <summary>Images 0..count−1 of a synthetic domain with their exact lung masks.</summary>
public sealed class SyntheticSegmentationSource(int count, SyntheticDomain domain, ulong seed) : IImageSource<SegmentationSample>
{
    public int Count { get; } = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count));

    public SyntheticDomain Domain => domain;

    public SegmentationSample Load(int index, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var sample = SyntheticChestXray.Generate(index, size, domain, seed);
        return new SegmentationSample(sample.Image, sample.Mask);
    }
}
