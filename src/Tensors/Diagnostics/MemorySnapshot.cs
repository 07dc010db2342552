namespace MultiMix.Tensors.Diagnostics;

/// <summary>What a storage's memory is put down to: a kind ("norm outputs", "Adam moments", ...) and the network block it belongs to ("" for none).</summary>
public readonly record struct MemoryHolder(string Kind, string Block);

/// <summary>The bytes in use and reserved at one moment, and what held the bytes in use.</summary>
/// <param name="InUse">Bytes in use (the pool's figure).</param>
/// <param name="Reserved">Bytes the pool held from the system.</param>
/// <param name="Region">The region running at that moment.</param>
/// <param name="Held">Bytes of the live storages by holder (sizes as asked for, before the pool rounds them).</param>
public sealed record MemorySnapshot(long InUse, long Reserved, string? Region, IReadOnlyDictionary<MemoryHolder, long> Held);
