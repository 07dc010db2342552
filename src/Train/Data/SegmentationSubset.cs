namespace MultiMix.Train.Data;

/// <summary>The items of a segmentation source at the given indices, in that order.</summary>
public sealed class SegmentationSubset : ISegmentationSource
{
    private readonly ISegmentationSource _source;
    private readonly int[] _indices;

    public SegmentationSubset(ISegmentationSource source, int[] indices)
    {
        foreach (var index in indices)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, source.Count);
        }

        _source = source;
        _indices = indices;
    }

    public int Count => _indices.Length;

    public SegmentationSample Load(int index, int size) => _source.Load(_indices[index], size);
}
