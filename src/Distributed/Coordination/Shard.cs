using MultiMix.Distributed.Runtime;

namespace MultiMix.Distributed.Coordination;

/// <summary>
/// A rank's contiguous part [Start, Start + Count) of a sequence that all ranks index the same way (the positions
/// of a global batch, the images of a validation set).
/// </summary>
public readonly record struct Shard(int Start, int Count)
{
    /// <summary>
    /// Equal parts of a global batch of <paramref name="total"/> positions. Equal parts are what makes the mean of
    /// the ranks' gradients (each the mean over its part) the gradient of the mean over the whole batch.
    /// </summary>
    /// <exception cref="DistributedSetupException">When <paramref name="total"/> does not divide by the world size.</exception>
    public static Shard Even(int total, WorldInfo world, string what)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (total % world.Size != 0)
        {
            throw new DistributedSetupException($"{what} of {total} does not split evenly across {world.Size} ranks; use a multiple of {world.Size}");
        }
        var count = total / world.Size;
        return new Shard(world.Rank * count, count);
    }

    /// <summary>
    /// Near-equal parts for work whose results are summed (validation: sums and counts are all-reduced): the first
    /// <c>total mod size</c> ranks take one more; a rank may get none.
    /// </summary>
    public static Shard Contiguous(int total, WorldInfo world)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var (count, extra) = Math.DivRem(total, world.Size);
        var start = world.Rank * count + Math.Min(world.Rank, extra);
        return new Shard(start, count + (world.Rank < extra ? 1 : 0));
    }
}
