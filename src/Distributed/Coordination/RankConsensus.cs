using MultiMix.Distributed.Runtime;

namespace MultiMix.Distributed.Coordination;

/// <summary>Checks that every rank holds the same value (a buffer length, a parameter count, a resume epoch).</summary>
public static class RankConsensus
{
    /// <exception cref="DistributedSetupException">On every rank, when the ranks hold different values.</exception>
    public static void RequireSame(ICommunicator communicator, long value, string what)
    {
        Span<long> extremes = [value, -value];
        communicator.AllReduce(extremes, ReduceOp.Max);
        var (highest, lowest) = (extremes[0], -extremes[1]);
        if (highest != lowest)
        {
            throw new DistributedSetupException($"the ranks disagree on {what}: from {lowest} to {highest} (this is rank {communicator.World.Rank} with {value})");
        }
    }
}
