using MultiMix.Train.Metrics;

namespace MultiMix.Train.Evaluation;

/// <summary>
/// Per-image segmentation scores and, when an objective was given, its mean loss over the set and the sum that
/// mean divides (over images of each batch's mean times its images; what sharded validation adds up across ranks).
/// </summary>
public sealed record SegmentationEvaluation(IReadOnlyList<SegmentationScores> PerImage, double? Loss, double? LossSum)
{
    public SegmentationScores Mean => SegmentationScores.Mean(PerImage.ToList());

    /// <summary>The 95% bootstrap interval of the mean Dice, resampling the images.</summary>
    public Interval DiceInterval() => ScoreIntervals.Mean([[.. PerImage.Select(s => s.Dice)]]);
}

/// <summary>
/// Predicted and true classes, the pneumonia probability per image, and, when an objective was given, its mean loss
/// over the set and the sum that mean divides (as for <see cref="SegmentationEvaluation"/>).
/// </summary>
public sealed record ClassificationEvaluation(int[] Predicted, int[] Actual, float[] PneumoniaProbability, double? Loss, double? LossSum)
{
    public ClassificationScores Scores => ClassificationScores.Compute(Predicted, Actual);

    /// <summary>The 95% bootstrap intervals of accuracy, F1-N and F1-P, resampling the images.</summary>
    public (Interval Accuracy, Interval F1Normal, Interval F1Pneumonia) Intervals() => ScoreIntervals.Classification([Predicted], Actual);
}
