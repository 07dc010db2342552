using MultiMix.Kernels.Launch;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// A block of device memory from the backend's pool, or a view of part of one (<see cref="Storage.View"/>); disposing
/// a block returns it, disposing a view releases nothing.
/// </summary>
internal sealed class CudaStorage(CudaBackend backend, long length, DType dtype, DevicePtr pointer, long bytes)
    : Storage(backend, length, dtype)
{
    public DevicePtr Pointer { get; } = pointer;

    protected override Storage CreateView(long offset, long length) => new CudaStorage(backend, length, DType, Pointer.Offset(offset), 0);

    protected override void Release()
    {
        if (bytes > 0) backend.Return(Pointer, bytes);
    }
}
