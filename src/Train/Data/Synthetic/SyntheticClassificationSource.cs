namespace MultiMix.Train.Data.Synthetic;

/// <summary>Images 0..count−1 of a synthetic domain as a pneumonia classification set.</summary>
public sealed class SyntheticClassificationSource(int count, SyntheticDomain domain, ulong seed) : IImageSource<ClassificationSample>
{
    /// <summary>Class names in label order (the folder names <see cref="SyntheticExport"/> writes).</summary>
    public static IReadOnlyList<string> Names { get; } = ["NORMAL", "PNEUMONIA"];

    public int Count { get; } = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count));

    public SyntheticDomain Domain => domain;

    public ClassificationSample Load(int index, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var sample = SyntheticChestXray.Generate(index, size, domain, seed);
        return new ClassificationSample(sample.Image, sample.Label);
    }
}
