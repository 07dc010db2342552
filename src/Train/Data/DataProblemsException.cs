namespace MultiMix.Train.Data;

/// <summary>
/// Several files of the data cannot be used. <see cref="Problems"/> holds one line each (the command line prints
/// them, a capped list, before its one-line summary); the message is that summary.
/// </summary>
public sealed class DataProblemsException(IReadOnlyList<string> problems, string summary) : Exception(summary)
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
