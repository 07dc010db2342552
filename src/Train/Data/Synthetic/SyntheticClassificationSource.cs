namespace MultiMix.Train.Data.Synthetic;

/// <summary>Images 0..count−1 of a synthetic domain as a pneumonia classification set.</summary>
public sealed class SyntheticClassificationSource(int count, SyntheticDomain domain, ulong seed) : IClassificationSource
{
    public static IReadOnlyList<string> Names { get; } = ["NORMAL", "PNEUMONIA"];

    public int Count { get; } = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count));

    public IReadOnlyList<string> ClassNames => Names;

    public SyntheticDomain Domain => domain;

    public int LabelOf(int index) => SyntheticChestXray.LabelOf(Checked(index), domain, seed);

    public ClassificationSample Load(int index, int size)
    {
        var sample = SyntheticChestXray.Generate(Checked(index), size, domain, seed);
        return new ClassificationSample(sample.Image, sample.Label);
    }

    private int Checked(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index;
    }
}
