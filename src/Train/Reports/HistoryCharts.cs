using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// The training-history charts of a report, against epoch: the training loss terms, the validation loss,
/// validation accuracy, F1-P and Dice in-domain and cross-domain, and the pseudo-label diagnostics (mask rate
/// overall and per true class, accuracy of the confident pseudo-labels and of all weak-view predictions, the
/// share of pneumonia among the confident ones beside the true share). A series the run never logged (all null)
/// is left out; a chart with nothing left is not drawn, and an empty history gives no charts.
/// </summary>
public static class HistoryCharts
{
    public static IReadOnlyList<ReportChart> Build(IReadOnlyList<EpochRecord> history)
    {
        if (history.Count == 0)
        {
            return [];
        }

        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        ChartSeries Series(string name, Func<EpochRecord, double?> value) => new(name, epochs, [.. history.Select(value)]);

        var charts = new List<ReportChart>();
        Add(charts, "train-loss.svg", "Training loss terms", "loss",
        [
            Series("total", r => r.Loss),
            Series("cross-entropy", r => r.CrossEntropy),
            Series("Dice loss", r => r.Dice),
            Series("pseudo-label", r => r.PseudoLabel),
            Series("consistency (KL)", r => r.Consistency),
        ]);
        Add(charts, "val-loss.svg", "Validation loss", "loss", [Series("validation loss", r => r.ValidationLoss)]);
        Add(charts, "val-scores.svg", "Validation scores by domain", "score",
        [
            Series("accuracy", r => r.ValidationAccuracy),
            Series("F1-P", r => r.ValidationF1Pneumonia),
            Series("Dice", r => r.ValidationDice),
            Series("cross-domain accuracy", r => r.CrossValidationAccuracy),
            Series("cross-domain F1-P", r => r.CrossValidationF1Pneumonia),
            Series("cross-domain Dice", r => r.CrossValidationDice),
        ]);
        Add(charts, "pseudo-labels.svg", "Pseudo-labels on the unlabeled images", "share",
        [
            Series("mask rate", r => r.MaskRate),
            Series("mask rate, normal", r => r.MaskRateNormal),
            Series("mask rate, pneumonia", r => r.MaskRatePneumonia),
            Series("accuracy (confident)", r => r.PseudoLabelAccuracy),
            Series("accuracy (all, weak view)", r => r.WeakAccuracy),
            Series("pneumonia share (confident)", r => r.PseudoLabelPneumonia),
            Series("pneumonia share (truth)", r => r.UnlabeledPneumonia),
        ]);
        return charts;
    }

    private static void Add(List<ReportChart> charts, string fileName, string title, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var drawn = series.Where(s => s.FinitePoints().Count > 0).ToList();
        if (drawn.Count > 0)
        {
            charts.Add(new ReportChart(fileName, title, SvgChart.Render(title, "epoch", yLabel, drawn)));
        }
    }
}
