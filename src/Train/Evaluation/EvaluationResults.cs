using MultiMix.Train.Metrics;

namespace MultiMix.Train.Evaluation;

/// <summary>Per-image segmentation scores and, when an objective was given, its mean loss over the set.</summary>
public sealed record SegmentationEvaluation(IReadOnlyList<SegmentationScores> PerImage, double? Loss)
{
    public SegmentationScores Mean => SegmentationScores.Mean(PerImage.ToList());
}

/// <summary>Predicted and true classes, the pneumonia probability per image, and, when an objective was given, its mean loss over the set.</summary>
public sealed record ClassificationEvaluation(int[] Predicted, int[] Actual, float[] PneumoniaProbability, double? Loss)
{
    public ClassificationScores Scores => ClassificationScores.Compute(Predicted, Actual);
}
