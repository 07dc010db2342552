namespace MultiMix.Train.Metrics;

/// <summary>
/// Average Hausdorff distance in pixels, (d(A, B) + d(B, A)) / 2, where d(A, B) is the mean over A's foreground
/// pixels of the Euclidean distance to the nearest foreground pixel of B (0 where they overlap).
/// Empty masks: both empty → 0; exactly one empty → the image diagonal √(w² + h²), the largest distance the
/// image allows, so a missed or hallucinated lung counts as the worst case rather than dropping out of means.
/// </summary>
public static class AverageHausdorff
{
    public static double Compute(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b, int width, int height)
    {
        var aEmpty = !a.Contains(true);
        var bEmpty = !b.Contains(true);
        if (aEmpty && bEmpty)
        {
            return 0.0;
        }

        if (aEmpty || bEmpty)
        {
            return Math.Sqrt(((double)width * width) + ((double)height * height));
        }

        return (Directed(a, DistanceTransform.SquaredToForeground(b, width, height))
            + Directed(b, DistanceTransform.SquaredToForeground(a, width, height))) / 2.0;
    }

    /// <summary>Mean over <paramref name="from"/>'s foreground of the distance stored in the transform.</summary>
    private static double Directed(ReadOnlySpan<bool> from, double[] squaredDistanceToOther)
    {
        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < from.Length; i++)
        {
            if (from[i])
            {
                sum += Math.Sqrt(squaredDistanceToOther[i]);
                count++;
            }
        }

        return sum / count;
    }
}
