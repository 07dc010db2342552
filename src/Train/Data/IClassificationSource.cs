namespace MultiMix.Train.Data;

/// <summary>A fixed, indexed set of labeled images; <see cref="Load"/> returns a size × size image.
/// <c>Load</c> is safe to call from several threads at once, and every call
/// returns fresh images that the caller owns.</summary>
public interface IClassificationSource
{
    int Count { get; }

    /// <summary>Class names in label order.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>The label of item <paramref name="index"/>, known without decoding the image.</summary>
    int LabelOf(int index);

    ClassificationSample Load(int index, int size);
}
