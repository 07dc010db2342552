using MultiMix.Train.Metrics;

namespace MultiMix.Train.Evaluation;

/// <summary>Per-image segmentation scores and the mean soft-Dice loss over a set.</summary>
public sealed record SegmentationEvaluation(IReadOnlyList<SegmentationScores> PerImage, double DiceLoss)
{
    public SegmentationScores Mean => SegmentationScores.Mean(PerImage.ToList());
}

/// <summary>Predicted and true classes, the pneumonia probability per image, and the mean cross-entropy.</summary>
public sealed record ClassificationEvaluation(int[] Predicted, int[] Actual, float[] PneumoniaProbability, double CrossEntropy)
{
    public ClassificationScores Scores => ClassificationScores.Compute(Predicted, Actual);
}
