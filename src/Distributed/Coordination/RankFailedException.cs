namespace MultiMix.Distributed.Coordination;

/// <summary>
/// Thrown on every rank when work run under a <see cref="FailureAgreement"/> failed on at least one rank: it
/// carries the lowest failing rank's exception type and message, and (on that rank) the exception itself.
/// </summary>
public sealed class RankFailedException : Exception
{
    public RankFailedException(int failedRank, string failedType, string failedMessage, int failedRanks, Exception? local)
        : base(Describe(failedRank, failedMessage, failedRanks), local)
    {
        FailedRank = failedRank;
        FailedType = failedType;
        FailedMessage = failedMessage;
        FailedRanks = failedRanks;
    }

    public RankFailedException(string message)
        : base(message)
    {
        FailedType = "";
        FailedMessage = message;
    }

    public RankFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        FailedType = innerException.GetType().FullName ?? "";
        FailedMessage = message;
    }

    public RankFailedException()
        : this("a rank failed")
    {
    }

    /// <summary>The lowest rank that failed; its message is the one every rank reports.</summary>
    public int FailedRank { get; }

    /// <summary>The full name of that rank's exception type (for mapping it to an exit code).</summary>
    public string FailedType { get; }

    public string FailedMessage { get; }

    /// <summary>How many ranks failed in the same agreement.</summary>
    public int FailedRanks { get; }

    private static string Describe(int rank, string message, int count) =>
        count > 1 ? $"rank {rank}: {message} ({count - 1} more rank{(count > 2 ? "s" : "")} failed too)" : $"rank {rank}: {message}";
}
