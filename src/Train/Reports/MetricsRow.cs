using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>One line of the metrics table: a model on a data set, with whichever task scores it has, and their 95% bootstrap intervals where known.</summary>
public sealed record MetricsRow(string Model, string Dataset, ClassificationScores? Classification, SegmentationScores? Segmentation, ScoreIntervals? Intervals = null);
