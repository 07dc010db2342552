using MultiMix.Model.Networks;
using MultiMix.Train.Metrics;
using MultiMix.Train.Reports;

namespace MultiMix.Train.Runs;

/// <summary>
/// The comparison table from the finished runs: per variant and headline column the mean and standard
/// deviation over seeds, and the 95% bootstrap interval of that mean over the test images (each draw of images
/// scored under every seed, <see cref="ScoreIntervals"/>).
/// </summary>
public static class CompareSummary
{
    public static IReadOnlyList<CompareRow> Rows(IReadOnlyList<ModelVariant> variants, IReadOnlyList<CompareRunResult> results, IReadOnlyList<CompareColumn> columns)
    {
        var rows = new List<CompareRow>();
        foreach (var variant in variants)
        {
            var runs = results.Where(r => r.Variant == variant.Name()).ToList();
            if (runs.Count == 0) continue;
            var classification = new Dictionary<string, (Interval, Interval, Interval)?>();
            rows.Add(new CompareRow(variant.Name(), [.. columns.Select(c => Cell(runs, c, classification))]));
        }
        return rows;
    }

    /// <summary>A cell; <paramref name="classification"/> keeps each test set's classification intervals, which three columns share.</summary>
    private static CompareCell? Cell(IReadOnlyList<CompareRunResult> runs, CompareColumn column, Dictionary<string, (Interval, Interval, Interval)?> classification)
    {
        var sets = runs.Select(r => r.Sets.FirstOrDefault(s => s.Dataset == column.Dataset)).OfType<CompareSetResult>().ToList();
        var values = sets.Select(s => column.ValueOf(s.Row(""))).OfType<double>().ToList();
        if (values.Count == 0) return null;
        if (column.Metric == CompareColumn.Dice) return CompareCell.Of(values, DiceInterval(sets));
        if (!classification.TryGetValue(column.Dataset, out var intervals))
        {
            intervals = ClassificationIntervals(sets);
            classification[column.Dataset] = intervals;
        }
        return CompareCell.Of(values, intervals is not var (accuracy, f1Normal, f1Pneumonia) ? null : column.Metric switch
        {
            CompareColumn.Accuracy => accuracy,
            CompareColumn.F1Normal => f1Normal,
            _ => f1Pneumonia,
        });
    }

    private static Interval? DiceInterval(IReadOnlyList<CompareSetResult> sets)
    {
        var dice = sets.Where(s => s.Segmentation is { Length: > 0 }).Select(s => s.Segmentation!.Select(x => x.Dice).ToArray()).ToList();
        return dice.Count == 0 || dice.Any(d => d.Length != dice[0].Length) ? null : ScoreIntervals.Mean(dice);
    }

    /// <summary>The intervals of the seed-mean accuracy, F1-N and F1-P; null unless every run scored the same images.</summary>
    private static (Interval, Interval, Interval)? ClassificationIntervals(IReadOnlyList<CompareSetResult> sets)
    {
        var classified = sets.Where(s => s.Predicted is not null && s.Actual is not null).ToList();
        if (classified.Count == 0 || classified.Any(s => !s.Actual!.SequenceEqual(classified[0].Actual!))) return null;
        return ScoreIntervals.Classification([.. classified.Select(s => s.Predicted!)], classified[0].Actual!);
    }
}
