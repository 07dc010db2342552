using System.Diagnostics.CodeAnalysis;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// The backend for a <see cref="DeviceName"/>, with its ownership made explicit: a CUDA backend is opened for this
/// holder and disposed with it (its context, kernels, library handles and device memory); the CPU backend is the
/// process-wide <see cref="CpuBackend.Shared"/>, which is never disposed. Commands hold one of these for their run.
/// </summary>
public sealed class OpenedBackend : IDisposable
{
    private readonly bool _owned;

    internal OpenedBackend(IBackend backend, bool owned)
    {
        Backend = backend;
        _owned = owned;
    }

    public IBackend Backend { get; }

    /// <summary>Opens the backend for <paramref name="device"/>; false, with the reason in one sentence, when the GPU cannot be used.</summary>
    public static bool TryOpen(DeviceName device, [NotNullWhen(true)] out OpenedBackend? opened, out string why)
    {
        opened = null;
        why = "";
        if (device.CudaOrdinal is not { } ordinal)
        {
            opened = new OpenedBackend(CpuBackend.Shared, owned: false);
            return true;
        }
        if (!CudaBackend.TryCreate(ordinal, out var cuda, out why)) return false;
        opened = new OpenedBackend(cuda, owned: true);
        return true;
    }

    public void Dispose()
    {
        if (_owned) Backend.Dispose();
    }
}
