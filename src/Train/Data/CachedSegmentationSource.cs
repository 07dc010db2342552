using System.Collections.Concurrent;

namespace MultiMix.Train.Data;

/// <summary>Keeps every image and mask it has loaded, per (index, size), and hands out copies (see
/// <see cref="CachedClassificationSource"/>).</summary>
public sealed class CachedSegmentationSource(ISegmentationSource source) : ISegmentationSource
{
    private readonly ConcurrentDictionary<(int Index, int Size), SegmentationSample> _loaded = new();

    public int Count => source.Count;

    public SegmentationSample Load(int index, int size)
    {
        var sample = _loaded.GetOrAdd((index, size), key => source.Load(key.Index, key.Size));
        return new SegmentationSample(sample.Image.Clone(), sample.Mask.Clone());
    }
}
