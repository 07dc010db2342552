namespace MultiMix.Train.Data;

/// <summary>A fixed, indexed set of images with lung masks; <see cref="Load"/> returns size × size pairs.</summary>
public interface ISegmentationSource
{
    int Count { get; }

    SegmentationSample Load(int index, int size);
}
