using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>The segmentation scores of one image (its file, or "#0012" for generated images) of a data set under a model.</summary>
public sealed record PerImageScores(string Model, string Dataset, string Image, SegmentationScores Scores)
{
    /// <summary>The per-image Dice values grouped as "model / data set", in order of first appearance (box-plot input).</summary>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<double>>> DiceByGroup(IEnumerable<PerImageScores> rows) =>
        [.. rows.GroupBy(r => $"{r.Model} / {r.Dataset}")
            .Select(g => new KeyValuePair<string, IReadOnlyList<double>>(g.Key, [.. g.Select(r => r.Scores.Dice)]))];
}
