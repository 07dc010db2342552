using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Pooled, 64-byte aligned native memory holding one tensor's elements, or a view of part of such a block
/// (<see cref="Storage.View"/>): a view has no bytes of its own and returns nothing to the pool.
/// </summary>
internal sealed unsafe class CpuStorage(CpuBackend backend, long length, DType dtype, void* pointer, long bytes) : Storage(backend, length, dtype)
{
    public float* Floats => (float*)pointer;

    public int* Ints => (int*)pointer;

    /// <summary>Bytes this storage took from the pool; 0 for a view.</summary>
    public long Bytes { get; } = bytes;

    protected override Storage CreateView(long offset, long length) => new CpuStorage(backend, length, DType, (float*)pointer + offset, 0);

    protected override void Release()
    {
        if (Bytes > 0) backend.Return(pointer, Bytes);
    }
}
