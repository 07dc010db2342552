using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// The charts of a comparison report: a box plot per headline column (one box per variant over its seeds'
/// values), and the per-epoch diagnostics, one line per variant at the mean over its seeds: validation accuracy
/// in-domain and cross-domain, cross-domain validation F1-P and Dice, the pseudo-label mask rate, the accuracy
/// and the pneumonia share of the confident pseudo-labels (beside the true share), and the consistency (KL)
/// term. A chart no variant has values for is left out.
/// </summary>
public static class CompareCharts
{
    public static IReadOnlyList<ReportChart> Build(CompareContent content)
    {
        var charts = new List<ReportChart>();
        for (var c = 0; c < content.Columns.Count; c++)
        {
            var column = content.Columns[c];
            var groups = content.SeedRows
                .GroupBy(r => r.Variant)
                .Select(g => new KeyValuePair<string, IReadOnlyList<double>>(g.Key, [.. g.Where(r => r.Metrics.Dataset == column.Dataset).Select(r => column.ValueOf(r.Metrics)).OfType<double>()]))
                .Where(g => g.Value.Count > 0)
                .ToList();
            if (groups.Count > 0)
            {
                var title = $"{column.Header} over seeds";
                charts.Add(new ReportChart($"box-{ReportWriter.Slug(column.Header)}.svg", title, SvgBoxPlot.Render(title, column.Header, groups)));
            }
        }

        Add(charts, content, "val-accuracy.svg", "Validation accuracy, in-domain", "accuracy", r => r.ValidationAccuracy);
        Add(charts, content, "val-cross-accuracy.svg", "Validation accuracy, cross-domain", "accuracy", r => r.CrossValidationAccuracy);
        Add(charts, content, "val-cross-f1p.svg", "Validation F1-P, cross-domain", "F1-P", r => r.CrossValidationF1Pneumonia);
        Add(charts, content, "val-cross-dice.svg", "Validation Dice, cross-domain", "Dice", r => r.CrossValidationDice);
        Add(charts, content, "mask-rate.svg", "Pseudo-label mask rate (share of unlabeled images over τ)", "share", r => r.MaskRate);
        Add(charts, content, "pseudo-accuracy.svg", "Accuracy of the confident pseudo-labels", "accuracy", r => r.PseudoLabelAccuracy);
        Add(charts, content, "pseudo-pneumonia.svg", "Pneumonia share of the confident pseudo-labels, and the true share", "share", r => r.PseudoLabelPneumonia,
            ("truth", r => r.UnlabeledPneumonia));
        Add(charts, content, "kl.svg", "Consistency (KL) term", "KL", r => r.Consistency);
        return charts;
    }

    private static void Add(List<ReportChart> charts, CompareContent content, string file, string title, string yLabel, Func<EpochRecord, double?> value, (string Name, Func<EpochRecord, double?> Value)? reference = null)
    {
        var series = new List<ChartSeries>();
        foreach (var (variant, runs) in content.Histories)
        {
            if (MeanByEpoch(runs, value) is { } line)
            {
                series.Add(new ChartSeries(variant, line.Epochs, line.Values));
                if (reference is { } r && MeanByEpoch(runs, r.Value) is { } truth)
                {
                    series.Add(new ChartSeries($"{variant} ({r.Name})", truth.Epochs, truth.Values));
                }
            }
        }

        if (series.Count > 0)
        {
            charts.Add(new ReportChart(file, title, SvgChart.Render(title, "epoch", yLabel, series)));
        }
    }

    /// <summary>The mean over runs at each epoch of the values the runs have; null when no run has any.</summary>
    private static (double[] Epochs, double?[] Values)? MeanByEpoch(IReadOnlyList<IReadOnlyList<EpochRecord>> runs, Func<EpochRecord, double?> value)
    {
        var byEpoch = runs.SelectMany(r => r)
            .Select(r => (r.Epoch, Value: value(r)))
            .Where(p => p.Value is { } v && double.IsFinite(v))
            .GroupBy(p => p.Epoch)
            .OrderBy(g => g.Key)
            .ToList();
        return byEpoch.Count == 0 ? null : ([.. byEpoch.Select(g => (double)g.Key)], [.. byEpoch.Select(g => (double?)g.Average(p => p.Value!.Value))]);
    }
}
