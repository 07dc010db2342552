namespace MultiMix.Train.Data;

/// <summary>The items of a source at the given indices, in that order (a split of a data set).</summary>
public sealed class Subset<TSample> : IImageSource<TSample>
{
    private readonly IImageSource<TSample> _source;
    private readonly int[] _indices;

    public Subset(IImageSource<TSample> source, int[] indices)
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

    public TSample Load(int index, int size) => _source.Load(_indices[index], size);

    public string ItemName(int index) => _source.ItemName(_indices[index]);

    public IReadOnlyList<DataIssue> Check(int index) => _source.Check(_indices[index]);
}
