using System.Globalization;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>A column of the comparison table: a headline metric on one test set.</summary>
public sealed record CompareColumn(string Dataset, string Metric)
{
    public const string Accuracy = "accuracy";
    public const string F1Normal = "f1_normal";
    public const string F1Pneumonia = "f1_pneumonia";
    public const string Dice = "dice";

    /// <summary>The paper's headline columns: accuracy, F1-N, F1-P and Dice, in-domain then cross-domain.</summary>
    public static IReadOnlyList<CompareColumn> Headline { get; } =
        [.. new[] { "in-domain", "cross-domain" }.SelectMany(d => new[] { Accuracy, F1Normal, F1Pneumonia, Dice }.Select(m => new CompareColumn(d, m)))];

    public string Header => $"{(Dataset == "in-domain" ? "in" : Dataset == "cross-domain" ? "cross" : Dataset)} {Metric switch
    {
        Accuracy => "acc",
        F1Normal => "F1-N",
        F1Pneumonia => "F1-P",
        Dice => "Dice",
        _ => Metric,
    }}";

    /// <summary>The column's value in a metrics row, or null when the row lacks it.</summary>
    public double? ValueOf(MetricsRow row) => Metric switch
    {
        Accuracy => row.Classification?.Accuracy,
        F1Normal => row.Classification?.F1Normal,
        F1Pneumonia => row.Classification?.F1Pneumonia,
        Dice => row.Segmentation?.Dice,
        _ => null,
    };
}

/// <summary>
/// One variant's result in one column over its seeds: the mean, the sample standard deviation (n − 1; 0 for a
/// single run), the number of runs, and the 95% bootstrap interval of the mean over the test images.
/// </summary>
public sealed record CompareCell(double Mean, double Std, int Runs, Interval? Interval)
{
    public static CompareCell Of(IReadOnlyList<double> values, Interval? interval)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("a cell needs at least one run", nameof(values));
        }

        var mean = values.Average();
        var std = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new CompareCell(mean, std, values.Count, interval);
    }

    /// <summary>"0.912 ± 0.013 [0.897, 0.925]" (three decimals).</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Mean:F3} ± {Std:F3}{(Interval is { } i ? " " + i.Format() : "")}");
}

/// <summary>A variant's line of the comparison table, one cell per column (null where the variant has no such score).</summary>
public sealed record CompareRow(string Variant, IReadOnlyList<CompareCell?> Cells)
{
    /// <summary>For each column, whether this row's mean is the best (highest) in it; ties are all best.</summary>
    public static bool[,] Best(IReadOnlyList<CompareRow> rows, int columns)
    {
        var best = new bool[rows.Count, columns];
        for (var c = 0; c < columns; c++)
        {
            var means = rows.Select(r => r.Cells[c]?.Mean).ToList();
            if (means.All(m => m is null))
            {
                continue;
            }

            var top = means.Max(m => m ?? double.NegativeInfinity);
            for (var r = 0; r < rows.Count; r++)
            {
                best[r, c] = means[r] == top;
            }
        }

        return best;
    }
}

/// <summary>One run of the grid on one test set: its scores and per-run intervals (a per-seed row of the files).</summary>
public sealed record CompareSeedRow(string Variant, ulong Seed, int Steps, int BestEpoch, double TrainSeconds, MetricsRow Metrics);
