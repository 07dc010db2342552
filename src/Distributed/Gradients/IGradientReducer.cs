namespace MultiMix.Distributed.Gradients;

/// <summary>
/// Averages one flat gradient buffer (every parameter's gradient, back to back, the same layout on every rank)
/// across the ranks after backward, so every rank's optimizer step sees the gradient of the global batch.
/// The unit is a bucket, a range of the buffer: today a step reduces the whole buffer as one bucket
/// (<see cref="GradientReducers.AllReduceMean"/>); overlapping the all-reduce with backward means calling
/// <see cref="ReduceBucket"/> for each range as soon as backward has finished writing it (buffer order from the
/// output layers back), and <see cref="Finish"/> before the optimizer. Every rank must start the same buckets
/// in the same order.
/// </summary>
public interface IGradientReducer
{
    /// <summary>Elements in the flat buffer.</summary>
    long Length { get; }

    /// <summary>Starts averaging elements [offset, offset + count) across ranks; it may complete later.</summary>
    void ReduceBucket(long offset, long count);

    /// <summary>
    /// Every bucket started this step is averaged, as far as later work can tell: on the host, done; on a CUDA
    /// stream, enqueued ahead of whatever is launched on that stream next (the optimizer).
    /// </summary>
    void Finish();
}

/// <summary>Whole-buffer use of a reducer.</summary>
public static class GradientReducers
{
    /// <summary>The whole buffer as one bucket: after it, the buffer holds the mean over ranks.</summary>
    public static void AllReduceMean(this IGradientReducer reducer)
    {
        reducer.ReduceBucket(0, reducer.Length);
        reducer.Finish();
    }

    internal static void CheckRange(long length, long offset, long count)
    {
        if (offset < 0 || count < 0 || offset > length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bucket [{offset}, {offset} + {count}) outside a buffer of {length} elements");
        }
    }
}
