using MultiMix.Kernels.Launch;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// The device operations <see cref="CudaBackend"/> needs, kept small so that the backend's own logic (pooling,
/// argument packing, which kernel runs for which primitive) can run against an emulated device in the tests.
/// Work is queued in order on one stream; copies to the host and <see cref="Synchronize"/> wait for it.
/// Addresses and lengths are in bytes unless a parameter says elements.
/// </summary>
internal interface ICudaDevice : IDisposable
{
    /// <summary>Short device name, e.g. "cuda:0".</summary>
    string Name { get; }

    /// <summary>The stream all work is queued on, in order (a CUstream; NCCL's all-reduce is enqueued there too).</summary>
    nint Stream { get; }

    /// <summary>Runs the custom kernels of kernels-cu/ on this device.</summary>
    IKernelLauncher Launcher { get; }

    DevicePtr Allocate(long bytes);

    /// <summary>Frees a block from <see cref="Allocate"/>; the caller has synchronised, so no queued work uses it.</summary>
    void Free(DevicePtr block, long bytes);

    unsafe void CopyToDevice(void* source, DevicePtr destination, long bytes);

    /// <summary>Waits for queued work, then copies.</summary>
    unsafe void CopyToHost(DevicePtr source, void* destination, long bytes);

    void Synchronize();

    /// <summary>Row-major C = alpha·op(A)·op(B) + beta·C, as <see cref="IBackend.Gemm"/>.</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DevicePtr a, DevicePtr b, float beta, DevicePtr c);

    /// <summary>y = conv(x, w) without bias; y is overwritten.</summary>
    void ConvForward(ConvGeometry g, DevicePtr x, DevicePtr w, DevicePtr y);

    /// <summary>dx = ∂⟨dy, conv(x, w)⟩/∂x; overwritten.</summary>
    void ConvBackwardData(ConvGeometry g, DevicePtr dy, DevicePtr w, DevicePtr dx);

    /// <summary>dw, and dbias unless it is <see cref="DevicePtr.Null"/>, summed over the batch; overwritten.</summary>
    void ConvBackwardWeight(ConvGeometry g, DevicePtr dy, DevicePtr x, DevicePtr dw, DevicePtr dbias);
}
