using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// Everything <see cref="ReportWriter"/> puts on a report page: run summary (key/value lines in order), the
/// per-epoch history, the metrics table, the sample gallery, and per-image Dice values by group name (one box
/// each, for example "model / data set").
/// </summary>
public sealed record ReportContent(
    string Title,
    IReadOnlyList<KeyValuePair<string, string>> Summary,
    IReadOnlyList<EpochRecord> History,
    IReadOnlyList<MetricsRow> Metrics,
    IReadOnlyList<SamplePrediction> Samples,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<double>>> DiceDistributions);
