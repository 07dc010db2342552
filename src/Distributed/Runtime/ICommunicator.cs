namespace MultiMix.Distributed.Runtime;

/// <summary>
/// Host-side collectives across the ranks of the job. Every rank calls the same collectives in the same order
/// with the same counts (MPI's rule). Reductions take int, long, float and double elements; broadcasts also bytes.
/// </summary>
public interface ICommunicator : IDisposable
{
    WorldInfo World { get; }

    /// <summary>In place: each element becomes the reduction of that element over all ranks.</summary>
    void AllReduce<T>(Span<T> values, ReduceOp op)
        where T : unmanaged;

    /// <summary>In place: every rank receives <paramref name="root"/>'s values.</summary>
    void Broadcast<T>(Span<T> values, int root)
        where T : unmanaged;

    /// <summary>Returns when every rank has reached it.</summary>
    void Barrier();

    /// <summary>
    /// Ends every rank's process with <paramref name="exitCode"/>: for a failure the ranks cannot agree on
    /// (this rank stopped outside a collective the others are waiting in). Does not return.
    /// </summary>
    void Abort(int exitCode);
}
