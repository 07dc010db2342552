using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// Device memory for the CUDA backend's <see cref="MemoryPool"/> (the pool the CPU backend uses too): cudaMalloc'd
/// blocks, 256-byte granular. Blocks are freed only after the stream has drained, since queued kernels may still use
/// a returned block; handing a returned block out again needs no wait, because all work runs in order on the one
/// stream. Any CUDA error from the allocation counts as running out, so the pool gives its unused blocks back and
/// tries once more.
/// </summary>
internal sealed class CudaBlockSource(ICudaDevice device) : IBlockSource
{
    public long Granularity => 256;

    public ulong Allocate(long bytes) => device.Allocate(bytes).Address;

    public void Free(ulong address, long bytes) => device.Free(new DevicePtr(address), bytes);

    public void Synchronize() => device.Synchronize();

    public bool IsOutOfMemory(Exception error) => error is CudaException;
}
