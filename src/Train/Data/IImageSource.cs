namespace MultiMix.Train.Data;

/// <summary>
/// A fixed, indexed set of samples (<see cref="SegmentationSample"/> or <see cref="ClassificationSample"/>);
/// <see cref="Load"/> returns item <c>index</c> at size × size. <c>Load</c> is safe to call from several threads
/// at once, and every call returns fresh images that the caller owns.
/// </summary>
public interface IImageSource<out TSample>
{
    int Count { get; }

    TSample Load(int index, int size);
}
