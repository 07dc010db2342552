namespace MultiMix.Distributed.Runtime;

/// <summary>
/// A distributed job that cannot run as set up (not started by an MPI launcher, no Open MPI or NCCL, a batch
/// that does not split across the ranks, ranks that disagree): the message says what to change, in one line.
/// </summary>
public sealed class DistributedSetupException : Exception
{
    public DistributedSetupException(string message)
        : base(message)
    {
    }

    public DistributedSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DistributedSetupException()
        : this("the distributed job cannot run as set up")
    {
    }
}
