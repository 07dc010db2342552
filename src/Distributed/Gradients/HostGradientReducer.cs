using System.Numerics.Tensors;
using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Runtime;

namespace MultiMix.Distributed.Gradients;

/// <summary>
/// Averages a flat float buffer in host memory (the CPU backend's gradients) through a communicator: an
/// in-place MPI_Allreduce(MPI_SUM) of each bucket, in pieces of at most <c>int.MaxValue</c> elements (MPI counts
/// are int), then a division by the world size. Each bucket is reduced when it is started (blocking); a
/// non-blocking MPI_Iallreduce per bucket is what would let it overlap backward. The buffer is not owned: it
/// must stay allocated and in place while the reducer is used. Creating one checks that every rank's buffer has
/// the same length.
/// </summary>
public sealed unsafe class HostGradientReducer : IGradientReducer
{
    private readonly ICommunicator _communicator;
    private readonly float* _buffer;
    private readonly int _maxPiece;

    public HostGradientReducer(ICommunicator communicator, float* buffer, long length)
        : this(communicator, buffer, length, int.MaxValue)
    {
    }

    /// <summary>With a smaller piece size, so the splitting is testable without a buffer of 2³¹ elements.</summary>
    internal HostGradientReducer(ICommunicator communicator, float* buffer, long length, int maxPiece)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPiece, 1);
        if (buffer is null && length > 0) throw new ArgumentNullException(nameof(buffer));
        RankConsensus.RequireSame(communicator, length, "the gradient buffer's length");
        _communicator = communicator;
        _buffer = buffer;
        _maxPiece = maxPiece;
        Length = length;
    }

    public long Length { get; }

    public void ReduceBucket(long offset, long count)
    {
        GradientReducers.CheckRange(Length, offset, count);
        float ranks = _communicator.World.Size;
        for (var done = 0L; done < count; done += _maxPiece)
        {
            var piece = new Span<float>(_buffer + offset + done, (int)Math.Min(_maxPiece, count - done));
            _communicator.AllReduce(piece, ReduceOp.Sum);
            TensorPrimitives.Divide(piece, ranks, piece);
        }
    }

    public void Finish()
    {
    }
}
