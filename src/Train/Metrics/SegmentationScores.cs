namespace MultiMix.Train.Metrics;

/// <summary>Design §6 segmentation metrics of one image (see <see cref="SegmentationMetrics"/>).</summary>
public sealed record SegmentationScores(double Dice, double Jaccard, double Precision, double Recall, double Ssim, double AverageHausdorff)
{
    /// <summary>Field-wise arithmetic mean over images.</summary>
    public static SegmentationScores Mean(IReadOnlyCollection<SegmentationScores> scores)
    {
        if (scores.Count == 0)
        {
            throw new ArgumentException("cannot average zero segmentation scores", nameof(scores));
        }

        return new SegmentationScores(
            scores.Average(s => s.Dice),
            scores.Average(s => s.Jaccard),
            scores.Average(s => s.Precision),
            scores.Average(s => s.Recall),
            scores.Average(s => s.Ssim),
            scores.Average(s => s.AverageHausdorff));
    }
}
