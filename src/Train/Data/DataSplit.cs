namespace MultiMix.Train.Data;

/// <summary>Seeded random partition of a data set by counts.</summary>
public static class DataSplit
{
    /// <summary>
    /// Shuffles 0..count−1 with <paramref name="seed"/> and deals out test, validation, labeled and unlabeled
    /// items in that order, so that changing the label budget leaves the evaluation sets unchanged.
    /// </summary>
    public static SplitIndices Partition(int count, SplitCounts counts, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(counts.Labeled);
        ArgumentOutOfRangeException.ThrowIfNegative(counts.Validation);
        ArgumentOutOfRangeException.ThrowIfNegative(counts.Test);
        var fixedPart = (long)counts.Labeled + counts.Validation + counts.Test;
        var unlabeled = counts.Unlabeled ?? (int)Math.Max(0, count - fixedPart);
        ArgumentOutOfRangeException.ThrowIfNegative(unlabeled);
        var needed = fixedPart + unlabeled;
        if (needed > count)
        {
            throw new DataException(
                $"split needs {counts.Labeled} labeled + {unlabeled} unlabeled + {counts.Validation} validation + {counts.Test} test = {needed} items, but the data set has {count}");
        }

        var order = Enumerable.Range(0, count).ToArray();
        new SeededRandom(seed).Shuffle(order.AsSpan());
        var next = 0;
        int[] Take(int n)
        {
            var part = order[next..(next + n)];
            next += n;
            return part;
        }

        var test = Take(counts.Test);
        var validation = Take(counts.Validation);
        var labeled = Take(counts.Labeled);
        return new SplitIndices(labeled, Take(unlabeled), validation, test);
    }
}
