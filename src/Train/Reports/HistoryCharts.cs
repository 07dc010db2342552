using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// The training-history charts of a report, against epoch: the training loss terms, the validation loss, and
/// validation accuracy and Dice. A term the variant never logged (all null) is left out; a chart with nothing
/// left is not drawn, and an empty history gives no charts.
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
        Add(charts, "val-scores.svg", "Validation accuracy and Dice", "score",
        [
            Series("accuracy", r => r.ValidationAccuracy),
            Series("Dice", r => r.ValidationDice),
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
