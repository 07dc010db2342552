using System.Globalization;

namespace MultiMix.Train.Data;

/// <summary>
/// A fixed, indexed set of items whose names and files can be listed and checked without the sample type
/// (<see cref="DataCheck"/> checks every item of every split through this).
/// </summary>
public interface IDataItems
{
    int Count { get; }

    /// <summary>Where item <paramref name="index"/> comes from, for reports and messages: its image file, or "#0012" for generated items.</summary>
    string ItemName(int index) => string.Create(CultureInfo.InvariantCulture, $"#{index:D4}");

    /// <summary>
    /// Checks item <paramref name="index"/> without training on it: its files exist and are complete, headers are
    /// readable and sizes fit. Returns the problems and warnings found (none for generated items).
    /// </summary>
    IReadOnlyList<DataIssue> Check(int index) => [];
}

/// <summary>
/// A fixed, indexed set of samples (<see cref="SegmentationSample"/> or <see cref="ClassificationSample"/>);
/// <see cref="Load"/> returns item <c>index</c> at size × size. <c>Load</c> is safe to call from several threads
/// at once, and every call returns fresh images that the caller owns.
/// </summary>
public interface IImageSource<out TSample> : IDataItems
{
    TSample Load(int index, int size);
}
