using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Runtime;

/// <summary><see cref="IStagingStream"/> on a context's stream: cuMemAllocHost memory, async copies and events.</summary>
internal sealed unsafe class CudaStagingStream(CudaContext context) : IStagingStream
{
    public nint AllocatePinned(long bytes)
    {
        CudaDriver.Check(CudaDriver.cuMemAllocHost_v2(out var pointer, (nuint)bytes));
        return pointer;
    }

    public void FreePinned(nint block) => CudaDriver.Check(CudaDriver.cuMemFreeHost(block));

    public nint CreateEvent()
    {
        CudaDriver.Check(CudaDriver.cuEventCreate(out var e, CudaDriver.EventDisableTiming));
        return e;
    }

    public void DestroyEvent(nint e) => CudaDriver.Check(CudaDriver.cuEventDestroy_v2(e));

    public void CopyToDevice(nint pinned, DevicePtr destination, long bytes) =>
        CudaDriver.Check(CudaDriver.cuMemcpyHtoDAsync_v2(destination.Address, (void*)pinned, (nuint)bytes, context.Stream));

    public void CopyToHost(DevicePtr source, nint pinned, long bytes) =>
        CudaDriver.Check(CudaDriver.cuMemcpyDtoHAsync_v2((void*)pinned, source.Address, (nuint)bytes, context.Stream));

    public void Record(nint e) => CudaDriver.Check(CudaDriver.cuEventRecord(e, context.Stream));

    public void Wait(nint e) => CudaDriver.Check(CudaDriver.cuEventSynchronize(e));
}
