using System.Collections.Concurrent;

namespace MultiMix.Train.Data;

/// <summary>
/// Keeps every image it has loaded, per (index, size), and hands out copies: decoding a radiograph or rendering
/// a synthetic one costs far more than copying it, and training reads each image once per epoch. Memory grows
/// to Count × size² floats per size used.
/// </summary>
public sealed class CachedClassificationSource(IClassificationSource source) : IClassificationSource
{
    private readonly ConcurrentDictionary<(int Index, int Size), ClassificationSample> _loaded = new();

    public int Count => source.Count;

    public IReadOnlyList<string> ClassNames => source.ClassNames;

    public int LabelOf(int index) => source.LabelOf(index);

    public ClassificationSample Load(int index, int size)
    {
        var sample = _loaded.GetOrAdd((index, size), key => source.Load(key.Index, key.Size));
        return sample with { Image = sample.Image.Clone() };
    }
}
