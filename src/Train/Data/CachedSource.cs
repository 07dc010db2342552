using System.Collections.Concurrent;

namespace MultiMix.Train.Data;

/// <summary>
/// Keeps every sample it has loaded, per (index, size), and hands out copies: decoding a radiograph or rendering
/// a synthetic one costs far more than copying it, and training reads each image once per epoch. Memory grows
/// to Count × size² floats (twice that with masks) per size used.
/// </summary>
public sealed class CachedSource<TSample>(IImageSource<TSample> source) : IImageSource<TSample>
    where TSample : IImageSample<TSample>
{
    private readonly ConcurrentDictionary<(int Index, int Size), TSample> _loaded = new();

    public int Count => source.Count;

    public TSample Load(int index, int size) => _loaded.GetOrAdd((index, size), key => source.Load(key.Index, key.Size)).Copy();

    public string ItemName(int index) => source.ItemName(index);

    public IReadOnlyList<DataIssue> Check(int index) => source.Check(index);
}
