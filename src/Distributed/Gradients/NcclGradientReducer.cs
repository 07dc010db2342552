using MultiMix.Distributed.Coordination;

namespace MultiMix.Distributed.Gradients;

/// <summary>
/// Averages a flat float buffer in device memory (the CUDA backend's gradients) with NCCL: each bucket is one
/// in-place ncclAllReduce(ncclAvg) enqueued on the compute stream, so the optimizer launched after it on that
/// stream reads the average and the host never waits. Overlapping backward would enqueue the buckets on a
/// second stream that waits on an event recorded after each bucket's last gradient kernel. The buffer and the
/// stream are not owned. Creating one checks that every rank's buffer has the same length.
/// </summary>
public sealed class NcclGradientReducer : IGradientReducer
{
    private readonly NcclCommunicator _communicator;
    private readonly ulong _buffer;
    private readonly nint _stream;

    public NcclGradientReducer(NcclCommunicator communicator, ulong buffer, long length, nint stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        RankConsensus.RequireSame(communicator.Host, length, "the gradient buffer's length");
        _communicator = communicator;
        _buffer = buffer;
        _stream = stream;
        Length = length;
    }

    public long Length { get; }

    public void ReduceBucket(long offset, long count)
    {
        GradientReducers.CheckRange(Length, offset, count);
        _communicator.AllReduceMean(_buffer + (ulong)offset * sizeof(float), count, _stream);
    }

    public void Finish()
    {
    }
}
