namespace MultiMix.Tensors.Backend;

/// <summary>
/// A block of device memory owned by a backend. Only the backend that made it reads or writes it; callers hold
/// it through tensors. Disposing returns the memory to the backend's pool (idempotent).
/// </summary>
public abstract class Storage(IBackend backend, long length, DType dtype) : IDisposable
{
    public IBackend Backend { get; } = backend;

    /// <summary>Number of elements (not bytes).</summary>
    public long Length { get; } = length;

    public DType DType { get; } = dtype;

    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the memory to the owning backend.</summary>
    protected abstract void Release();
}
