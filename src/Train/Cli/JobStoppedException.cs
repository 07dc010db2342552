using MultiMix.Distributed.Coordination;

namespace MultiMix.Train.Cli;

/// <summary>
/// A data-parallel job stopped on every rank by one failure: one the ranks agreed on (<see cref="RankFailedException"/>:
/// the lowest failing rank's type and message), or a setup every rank refused alike (a distributed setup error). Rank
/// 0 (<see cref="Reports"/>) prints it once; every rank exits with the code the failure's own type has in a
/// single-process run (<see cref="CliApp.ExitCode(string)"/>).
/// </summary>
internal sealed class JobStoppedException(Exception failure, bool reports) : Exception(failure.Message, failure)
{
    private Exception Failure => InnerException!;

    /// <summary>This rank prints the failure (rank 0); the others exit quietly with the same code.</summary>
    public bool Reports => reports;

    /// <summary>The full name of the failing rank's exception type.</summary>
    public string FailedType => Failure is RankFailedException agreed ? agreed.FailedType : Failure.GetType().FullName ?? "";

    /// <summary>The exception itself when it happened on this rank (its list of data problems, its stack trace).</summary>
    public Exception? Local => Failure is RankFailedException agreed ? agreed.InnerException : Failure;
}
