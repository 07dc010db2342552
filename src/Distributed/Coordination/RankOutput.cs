using MultiMix.Distributed.Runtime;

namespace MultiMix.Distributed.Coordination;

/// <summary>
/// Who writes what in a distributed run: rank 0 alone writes checkpoints, metrics, the report and the progress
/// line (every rank holds the same weights after each step, so one copy is the run's); the other ranks print
/// nothing but their failures. A write on rank 0 runs under the <see cref="FailureAgreement"/>, so when it fails
/// (a full disk) every rank stops with its message instead of training on without a checkpoint.
/// </summary>
public sealed class RankOutput(FailureAgreement agreement)
{
    public WorldInfo World => agreement.Communicator.World;

    public bool WritesFiles => World.IsRoot;

    /// <summary>The console on rank 0; a writer that drops everything on the other ranks.</summary>
    public TextWriter Status(TextWriter console) => WritesFiles ? console : TextWriter.Null;

    /// <summary>Runs <paramref name="write"/> on rank 0 only, then agrees on whether it failed.</summary>
    /// <exception cref="RankFailedException">On every rank, when the write failed on rank 0.</exception>
    public void Write(Action write) => agreement.Run(() =>
    {
        if (WritesFiles) write();
    });
}
