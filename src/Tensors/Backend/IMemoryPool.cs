namespace MultiMix.Tensors.Backend;

/// <summary>
/// What a backend's memory pool reports — bytes handed out to live storages, bytes held from the system, the
/// highest figure in use since <see cref="ResetPeak"/> — and how it gives unused memory back. Tests, the profiler
/// and the training step use it; nothing in the computation depends on it.
/// </summary>
public interface IMemoryPool
{
    /// <summary>Bytes currently handed out to live storages (pooled but unused memory is not counted).</summary>
    long BytesInUse { get; }

    /// <summary>Bytes the pool holds from the system, in use or pooled.</summary>
    long BytesReserved { get; }

    /// <summary>The most bytes in use at any moment since the pool was made or <see cref="ResetPeak"/> was called.</summary>
    long PeakBytesInUse { get; }

    /// <summary>Starts a new peak from the bytes in use now.</summary>
    void ResetPeak();

    /// <summary>Gives every unused block back to the system (live storages stay valid).</summary>
    void Trim();

    /// <summary>
    /// Gives back the unused memory that was not handed out since the previous call: called after each training
    /// step, it keeps what every step reuses and frees what only an earlier, different pass needed.
    /// </summary>
    void TrimIdle();
}
