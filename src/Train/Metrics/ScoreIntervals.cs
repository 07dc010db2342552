namespace MultiMix.Train.Metrics;

/// <summary>
/// 95% bootstrap intervals (<see cref="Bootstrap"/>, resampling test images) of the paper's headline scores:
/// accuracy, F1-N and F1-P of a classification set, mean Dice of a segmentation set; null where the model or
/// the set has no such score. Given several runs on the same test images (seeds), the interval is that of
/// their mean: each draw of images is scored under every run and the scores averaged, so the interval shows
/// how much the mean would move with another test set of the same size.
/// </summary>
public sealed record ScoreIntervals(Interval? Accuracy, Interval? F1Normal, Interval? F1Pneumonia, Interval? Dice)
{
    public static ScoreIntervals None { get; } = new(null, null, null, null);

    /// <summary>Accuracy, F1-N and F1-P intervals of the mean over runs; <paramref name="predicted"/> holds one array per run, each aligned with <paramref name="actual"/>.</summary>
    public static (Interval Accuracy, Interval F1Normal, Interval F1Pneumonia) Classification(IReadOnlyList<int[]> predicted, int[] actual, ulong seed = Bootstrap.DefaultSeed)
    {
        if (predicted.Count == 0 || predicted.Any(p => p.Length != actual.Length))
        {
            throw new ArgumentException($"every run needs one prediction per image ({actual.Length})", nameof(predicted));
        }

        var intervals = Bootstrap.Percentile(actual.Length, 3, (draw, values) =>
        {
            values.Clear();
            foreach (var run in predicted)
            {
                var confusion = new ConfusionMatrix(2);
                foreach (var i in draw)
                {
                    confusion.Add(actual[i], run[i]);
                }

                values[0] += confusion.Accuracy() / predicted.Count;
                values[1] += confusion.F1(ClassificationScores.Normal) / predicted.Count;
                values[2] += confusion.F1(ClassificationScores.Pneumonia) / predicted.Count;
            }
        }, seed);
        return (intervals[0], intervals[1], intervals[2]);
    }

    /// <summary>The interval of the mean of per-image values (Dice), averaged over runs; one array per run, all over the same images.</summary>
    public static Interval Mean(IReadOnlyList<double[]> perImage, ulong seed = Bootstrap.DefaultSeed)
    {
        if (perImage.Count == 0 || perImage.Any(p => p.Length != perImage[0].Length))
        {
            throw new ArgumentException("every run needs a value for each of the same images", nameof(perImage));
        }

        return Bootstrap.Percentile(perImage[0].Length, 1, (draw, values) =>
        {
            var sum = 0.0;
            foreach (var run in perImage)
            {
                foreach (var i in draw)
                {
                    sum += run[i];
                }
            }

            values[0] = sum / (draw.Length * perImage.Count);
        }, seed)[0];
    }
}
