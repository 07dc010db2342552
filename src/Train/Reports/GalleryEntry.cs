using System.Globalization;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>A rendered gallery sample: its image paths relative to the report folder (no saliency path when the sample has no saliency map) and its caption.</summary>
public sealed record GalleryEntry(string Name, string OverlayFile, string? SaliencyFile, string Caption)
{
    /// <summary>
    /// "label: pneumonia · p(pneumonia) = 0.8731 · Dice 0.9712", each part only where the sample has what it
    /// needs (the Dice needs both the probability map and the reference mask).
    /// </summary>
    public static string CaptionOf(SamplePrediction sample)
    {
        var parts = new List<string>();
        if (sample.Label is { } label)
        {
            parts.Add($"label: {ClassName(label)}");
        }

        if (sample.PneumoniaProbability is { } p)
        {
            parts.Add($"p(pneumonia) = {p.ToString("F4", CultureInfo.InvariantCulture)}");
        }

        if (sample.Probability is not null && sample.Reference is not null)
        {
            var dice = SegmentationMetrics.Compute(sample.Probability, sample.Reference).Dice;
            parts.Add($"Dice {dice.ToString("F4", CultureInfo.InvariantCulture)}");
        }

        return string.Join(" · ", parts);
    }

    public static string ClassName(int label) => label switch
    {
        ClassificationScores.Normal => "normal",
        ClassificationScores.Pneumonia => "pneumonia",
        _ => $"class {label.ToString(CultureInfo.InvariantCulture)}",
    };
}
