using MultiMix.Kernels.Launch;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Backend;

/// <summary>A block of device memory from the backend's pool; disposing returns it.</summary>
internal sealed class CudaStorage(CudaBackend backend, long length, DType dtype, DevicePtr pointer, long bytes)
    : Storage(backend, length, dtype)
{
    public DevicePtr Pointer { get; } = pointer;

    protected override void Release() => backend.Return(Pointer, bytes);
}
