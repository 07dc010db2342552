namespace MultiMix.Distributed.Gradients;

/// <summary>The reducer of a single-process run: the mean over one rank is the buffer itself.</summary>
public sealed class LocalGradientReducer(long length) : IGradientReducer
{
    public long Length { get; } = length >= 0 ? length : throw new ArgumentOutOfRangeException(nameof(length));

    public void ReduceBucket(long offset, long count) => GradientReducers.CheckRange(Length, offset, count);

    public void Finish()
    {
    }
}
