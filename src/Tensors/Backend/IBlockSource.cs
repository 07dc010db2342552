namespace MultiMix.Tensors.Backend;

/// <summary>Where a <see cref="MemoryPool"/> gets its blocks: host memory for the CPU, device memory for a GPU.</summary>
internal interface IBlockSource
{
    /// <summary>Every block's address and size are multiples of this (bytes).</summary>
    long Granularity { get; }

    /// <summary>A block of <paramref name="bytes"/> from the system; throws when there is no memory left.</summary>
    ulong Allocate(long bytes);

    /// <summary>Gives a block from <see cref="Allocate"/> back to the system.</summary>
    void Free(ulong address, long bytes);

    /// <summary>Waits until no queued work can still use a returned block (before blocks are freed); nothing to do on the CPU.</summary>
    void Synchronize();

    /// <summary>Whether <paramref name="error"/>, thrown by <see cref="Allocate"/>, means that memory ran out.</summary>
    bool IsOutOfMemory(Exception error);
}
