namespace MultiMix.Train.Data;

/// <summary>The items of a classification source at the given indices, in that order.</summary>
public sealed class ClassificationSubset : IClassificationSource
{
    private readonly IClassificationSource _source;
    private readonly int[] _indices;

    public ClassificationSubset(IClassificationSource source, int[] indices)
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

    public IReadOnlyList<string> ClassNames => _source.ClassNames;

    public int LabelOf(int index) => _source.LabelOf(_indices[index]);

    public ClassificationSample Load(int index, int size) => _source.Load(_indices[index], size);
}
