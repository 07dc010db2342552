using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Cpu;

/// <summary>Pooled, 64-byte aligned native memory holding one tensor's elements.</summary>
internal sealed unsafe class CpuStorage(CpuBackend backend, long length, DType dtype, void* pointer, long bytes) : Storage(backend, length, dtype)
{
    public float* Floats => (float*)pointer;

    public int* Ints => (int*)pointer;

    public long Bytes { get; } = bytes;

    protected override void Release() => backend.Return(pointer, Bytes);
}
