namespace MultiMix.Tensors.Backend;

/// <summary>
/// What a backend's memory pool reports: bytes handed out to live storages, bytes held from the system, and the
/// highest figure in use since the last <see cref="ResetPeak"/>. Tests and the profiler read it; nothing in the
/// computation depends on it.
/// </summary>
public interface IMemoryStatistics
{
    /// <summary>Bytes currently handed out to live storages (pooled but unused memory is not counted).</summary>
    long BytesInUse { get; }

    /// <summary>Bytes the backend holds from the system, in use or pooled.</summary>
    long BytesReserved { get; }

    /// <summary>The most bytes in use at any moment since the pool was made or <see cref="ResetPeak"/> was called.</summary>
    long PeakBytesInUse { get; }

    /// <summary>Starts a new peak from the bytes in use now.</summary>
    void ResetPeak();
}
