namespace MultiMix.Train.Metrics;

/// <summary>Counts[true class, predicted class] over a set of predictions.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    public ConfusionMatrix(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ClassCount = classCount;
        _counts = new long[classCount, classCount];
    }

    public int ClassCount { get; }

    public long Total { get; private set; }

    public long this[int actual, int predicted] => _counts[actual, predicted];

    public static ConfusionMatrix From(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classCount = 2)
    {
        if (predicted.Length != actual.Length)
        {
            throw new ArgumentException($"{predicted.Length} predictions for {actual.Length} labels", nameof(predicted));
        }

        var matrix = new ConfusionMatrix(classCount);
        for (var i = 0; i < predicted.Length; i++)
        {
            matrix.Add(actual[i], predicted[i]);
        }

        return matrix;
    }

    public void Add(int actual, int predicted) => Add(actual, predicted, 1);

    /// <summary>Adds <paramref name="count"/> images of class <paramref name="actual"/> predicted as <paramref name="predicted"/> (counts summed elsewhere, e.g. over ranks).</summary>
    public void Add(int actual, int predicted, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _counts[actual, predicted] += count;
        Total += count;
    }

    /// <summary>Fraction of correct predictions; 0 for an empty matrix.</summary>
    public double Accuracy()
    {
        var correct = 0L;
        for (var c = 0; c < ClassCount; c++)
        {
            correct += _counts[c, c];
        }

        return Total == 0 ? 0.0 : (double)correct / Total;
    }

    /// <summary>
    /// F1 with <paramref name="positive"/> as the positive class: 2TP / (2TP + FP + FN). When the class is
    /// neither present nor predicted (denominator 0) the score is 1: nothing was missed and nothing was wrong.
    /// </summary>
    public double F1(int positive)
    {
        var tp = _counts[positive, positive];
        var fp = 0L;
        var fn = 0L;
        for (var c = 0; c < ClassCount; c++)
        {
            if (c != positive)
            {
                fp += _counts[c, positive];
                fn += _counts[positive, c];
            }
        }

        var denominator = (2 * tp) + fp + fn;
        return denominator == 0 ? 1.0 : 2.0 * tp / denominator;
    }
}
