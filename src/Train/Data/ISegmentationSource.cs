namespace MultiMix.Train.Data;

/// <summary>A fixed, indexed set of images with lung masks; <see cref="Load"/> returns size × size pairs.
/// <c>Load</c> is safe to call from several threads at once, and every call
/// returns fresh images that the caller owns.</summary>
public interface ISegmentationSource
{
    int Count { get; }

    SegmentationSample Load(int index, int size);
}
