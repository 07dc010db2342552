using MultiMix.Distributed.Native;
using MultiMix.Distributed.Runtime;
using MultiMix.Kernels.Backend;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Distributed.Gradients;

/// <summary>
/// The reducer for a flat gradient buffer where the buffer lives: for one rank, nothing to do
/// (<see cref="LocalGradientReducer"/>); in the CPU backend's host memory, MPI in place
/// (<see cref="HostGradientReducer"/>); in the CUDA backend's device memory, NCCL on the backend's own stream
/// (<see cref="NcclGradientReducer"/>, over an <see cref="NcclCommunicator"/> of the same ranks, created here: the
/// caller's thread has the rank's GPU current, as the CUDA backend leaves it). Disposing frees the NCCL communicator.
/// </summary>
public sealed unsafe class DeviceGradientReducer : IGradientReducer, IDisposable
{
    private readonly IGradientReducer _inner;
    private readonly NcclCommunicator? _nccl;

    private DeviceGradientReducer(IGradientReducer inner, NcclCommunicator? nccl)
    {
        _inner = inner;
        _nccl = nccl;
    }

    /// <summary>Which reducer this is (for the run's log and the tests).</summary>
    public string Kind => _inner switch
    {
        HostGradientReducer => "MPI all-reduce in host memory",
        NcclGradientReducer => $"NCCL {Nccl.VersionText(_nccl!.Version)} all-reduce in device memory",
        _ => "none (one rank)",
    };

    public long Length => _inner.Length;

    /// <summary>The reducer for <paramref name="gradients"/> across the ranks of <paramref name="host"/>; the buffer must stay allocated while it is used.</summary>
    public static DeviceGradientReducer Create(ICommunicator host, Storage gradients)
    {
        if (gradients.DType != DType.Float32) throw new ArgumentException($"a gradient buffer holds floats, not {gradients.DType}", nameof(gradients));
        if (host.World.Size == 1) return new DeviceGradientReducer(new LocalGradientReducer(gradients.Length), null);
        switch (gradients.Backend)
        {
            case CpuBackend:
                return new DeviceGradientReducer(new HostGradientReducer(host, HostMemory.Floats(gradients), gradients.Length), null);
            case CudaBackend cuda:
                var nccl = NcclCommunicator.Create(host);
                try
                {
                    return new DeviceGradientReducer(new NcclGradientReducer(nccl, cuda.DeviceAddress(gradients), gradients.Length, cuda.Stream), nccl);
                }
                catch
                {
                    nccl.Dispose();
                    throw;
                }
            default:
                throw new DistributedSetupException($"data-parallel training has no all-reduce for the {gradients.Backend.Name} backend (only cpu and cuda)");
        }
    }

    public void ReduceBucket(long offset, long count) => _inner.ReduceBucket(offset, count);

    public void Finish() => _inner.Finish();

    public void Dispose() => _nccl?.Dispose();
}
