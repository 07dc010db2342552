namespace MultiMix.Distributed.Runtime;

/// <summary>
/// Where this process stands in the job: its rank among <see cref="Size"/> processes, and its rank among the
/// <see cref="LocalSize"/> processes on the same machine (the GPU a rank drives is its local rank).
/// </summary>
public readonly record struct WorldInfo
{
    public WorldInfo(int rank, int size, int localRank, int localSize)
    {
        if (size < 1 || rank < 0 || rank >= size) throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} of {size}");
        if (localSize < 1 || localSize > size || localRank < 0 || localRank >= localSize)
        {
            throw new ArgumentOutOfRangeException(nameof(localRank), $"local rank {localRank} of {localSize} (world {size})");
        }
        Rank = rank;
        Size = size;
        LocalRank = localRank;
        LocalSize = localSize;
    }

    /// <summary>One process alone.</summary>
    public static WorldInfo Single { get; } = new(0, 1, 0, 1);

    public int Rank { get; }

    public int Size { get; }

    public int LocalRank { get; }

    public int LocalSize { get; }

    /// <summary>Rank 0: the one that writes files and prints progress.</summary>
    public bool IsRoot => Rank == 0;

    public override string ToString() => $"rank {Rank} of {Size} (local rank {LocalRank} of {LocalSize})";
}
