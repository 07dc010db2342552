using MultiMix.Train.Data;

namespace MultiMix.Train.Metrics;

/// <summary>
/// Per-image segmentation metrics on the binarized prediction P (probability ≥ 0.5) against the reference R
/// (value ≥ 0.5): Dice 2|P∩R|/(|P|+|R|), Jaccard |P∩R|/|P∪R|, precision |P∩R|/|P|, recall |P∩R|/|R|, SSIM
/// between the two binary masks (<see cref="Ssim"/>), and the average Hausdorff distance
/// (<see cref="AverageHausdorff"/>).
/// Empty masks: both empty → Dice, Jaccard, precision and recall 1, distance 0 (a perfect answer); exactly one
/// empty → Dice, Jaccard, precision and recall 0 (the 0/0 ratio of precision or recall included) and distance
/// the image diagonal. SSIM needs no convention: it is defined for constant images.
/// </summary>
public static class SegmentationMetrics
{
    public const float Threshold = 0.5f;

    public static SegmentationScores Compute(GrayImage probability, GrayImage reference)
    {
        if (!probability.SameSize(reference))
        {
            throw new ArgumentException($"prediction is {probability.Width}x{probability.Height}, reference is {reference.Width}x{reference.Height}");
        }

        return Compute(probability.Pixels, reference.Pixels, probability.Width, probability.Height);
    }

    public static SegmentationScores Compute(ReadOnlySpan<float> probability, ReadOnlySpan<float> reference, int width, int height)
    {
        if (probability.Length != width * height || reference.Length != width * height)
        {
            throw new ArgumentException($"expected {width * height} pixels, got {probability.Length} and {reference.Length}");
        }

        var p = Binarize(probability);
        var r = Binarize(reference);
        long both = 0, predicted = 0, actual = 0;
        for (var i = 0; i < p.Length; i++)
        {
            both += p[i] && r[i] ? 1 : 0;
            predicted += p[i] ? 1 : 0;
            actual += r[i] ? 1 : 0;
        }

        var ssim = Ssim.Compute(ToFloat(p), ToFloat(r), width, height);
        var hausdorff = AverageHausdorff.Compute(p, r, width, height);
        if (predicted == 0 && actual == 0)
        {
            return new SegmentationScores(1, 1, 1, 1, ssim, hausdorff);
        }

        if (predicted == 0 || actual == 0)
        {
            return new SegmentationScores(0, 0, 0, 0, ssim, hausdorff);
        }

        return new SegmentationScores(
            2.0 * both / (predicted + actual),
            (double)both / (predicted + actual - both),
            (double)both / predicted,
            (double)both / actual,
            ssim,
            hausdorff);
    }

    private static bool[] Binarize(ReadOnlySpan<float> values)
    {
        var result = new bool[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] >= Threshold;
        }

        return result;
    }

    private static float[] ToFloat(bool[] mask) => [.. mask.Select(m => m ? 1f : 0f)];
}
