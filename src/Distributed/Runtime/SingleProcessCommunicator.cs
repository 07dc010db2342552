namespace MultiMix.Distributed.Runtime;

/// <summary>The communicator of a job of one process: every collective leaves the values as they are.</summary>
public sealed class SingleProcessCommunicator : ICommunicator
{
    public WorldInfo World => WorldInfo.Single;

    public void AllReduce<T>(Span<T> values, ReduceOp op)
        where T : unmanaged => ElementTypes.RequireReducible<T>();

    public void Broadcast<T>(Span<T> values, int root)
        where T : unmanaged
    {
        ElementTypes.RequireTransferable<T>();
        ArgumentOutOfRangeException.ThrowIfNotEqual(root, 0);
    }

    public void Barrier()
    {
    }

    public void Abort(int exitCode) => Environment.Exit(exitCode);

    public void Dispose()
    {
    }
}
