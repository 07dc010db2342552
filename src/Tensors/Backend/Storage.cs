namespace MultiMix.Tensors.Backend;

/// <summary>
/// A block of device memory owned by a backend, or a view of part of one. Only the backend that made it reads or
/// writes it; callers hold it through tensors. Disposing returns the memory to the backend's pool (idempotent);
/// disposing a view releases nothing.
/// </summary>
public abstract class Storage(IBackend backend, long length, DType dtype) : IDisposable
{
    public IBackend Backend { get; } = backend;

    /// <summary>Number of elements (not bytes).</summary>
    public long Length { get; } = length;

    public DType DType { get; } = dtype;

    public bool IsDisposed { get; private set; }

    /// <summary>
    /// Elements [<paramref name="offset"/>, offset + <paramref name="length"/>) of this storage as a storage of their
    /// own that every primitive accepts: the same memory, nothing copied. It must not outlive this storage, and
    /// disposing it releases nothing (one flat buffer holding every parameter, a slice of a batch).
    /// </summary>
    public Storage View(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"a view of [{offset}, {offset} + {length}) outside a storage of {Length} elements");
        }
        var view = CreateView(offset, length);
        view.Parent = Parent ?? this;
        return view;
    }

    /// <summary>For a view, the storage that owns its memory; null for a storage that owns its own.</summary>
    public Storage? Parent { get; private set; }

    public void Dispose()
    {
        if (IsDisposed) return;
        IsDisposed = true;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>A storage over elements [offset, offset + length) of this one whose <see cref="Release"/> does nothing.</summary>
    protected abstract Storage CreateView(long offset, long length);

    /// <summary>Returns the memory to the owning backend (nothing, for a view).</summary>
    protected abstract void Release();
}
