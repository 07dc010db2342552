using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Runtime;

namespace MultiMix.Train.Training;

/// <summary>
/// The processes a training run spans, as the trainer uses them: one process, or the ranks of an MPI job
/// (docs/distributed.md). With several ranks, a rank's local work runs under a <see cref="FailureAgreement"/>, so a
/// failure on any rank stops every rank with that rank's message (<see cref="RankFailedException"/>), and rank 0
/// alone writes files and prints (<see cref="RankOutput"/>). With one process everything runs directly, so its
/// failures keep their own exception types and nothing waits for anything.
/// </summary>
public sealed class TrainingWorld
{
    private readonly FailureAgreement _agreement;
    private readonly RankOutput _output;

    public TrainingWorld(ICommunicator communicator)
    {
        Communicator = communicator;
        _agreement = new FailureAgreement(communicator);
        _output = new RankOutput(_agreement);
    }

    /// <summary>A run in this process alone.</summary>
    public static TrainingWorld Single => new(new SingleProcessCommunicator());

    public ICommunicator Communicator { get; }

    public WorldInfo Ranks => Communicator.World;

    /// <summary>More than one rank: work is agreed and shared.</summary>
    public bool IsDistributed => Ranks.Size > 1;

    /// <summary>
    /// Whether the ranks may still be in or heading for a collective together: until <see cref="EndCollectives"/>.
    /// A failure the ranks did not agree on while this holds can leave the others waiting, so it must end the job.
    /// </summary>
    public bool InCollectives { get; private set; } = true;

    /// <summary>This rank writes the run's files and prints its progress (rank 0).</summary>
    public bool WritesFiles => Ranks.IsRoot;

    /// <summary>Runs this rank's part of a step or a phase; with several ranks, then agrees on whether any failed.</summary>
    /// <exception cref="RankFailedException">With several ranks, on every rank, when the work failed on any.</exception>
    public T Agreed<T>(Func<T> work) => IsDistributed ? _agreement.Run(work) : work();

    /// <inheritdoc cref="Agreed{T}(Func{T})"/>
    public void Agreed(Action work)
    {
        if (IsDistributed) _agreement.Run(work);
        else work();
    }

    /// <summary>Runs <paramref name="write"/> on rank 0 only; with several ranks the others wait and a failure stops them all.</summary>
    public void RootWrites(Action write)
    {
        if (IsDistributed) _output.Write(write);
        else write();
    }

    /// <summary>The console on rank 0; a writer that drops everything on the other ranks.</summary>
    public TextWriter Status(TextWriter console) => _output.Status(console);

    /// <summary>Says that this rank takes part in no more collectives (training is over; rank 0 goes on alone).</summary>
    public void EndCollectives() => InCollectives = false;

    /// <summary>In place: each value becomes its sum over the ranks.</summary>
    public void Sum(Span<double> values)
    {
        if (IsDistributed) Communicator.AllReduce(values, ReduceOp.Sum);
    }

    /// <summary>In place: every rank receives rank 0's values.</summary>
    public void FromRoot(Span<double> values)
    {
        if (IsDistributed) Communicator.Broadcast(values, 0);
    }
}
