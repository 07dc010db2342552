using MultiMix.Kernels.Discovery;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>A fact that runs where NVRTC can be loaded and is skipped, saying why, where it cannot.</summary>
public sealed class NvrtcFactAttribute : FactAttribute
{
    public NvrtcFactAttribute()
    {
        var probe = LibraryDiscovery.Probe(CudaLibrary.Nvrtc);
        if (!probe.Found) Skip = $"NVRTC not found ({probe.Reason}); scripts/install-deps.sh installs it";
    }
}

/// <summary>A theory that runs where NVRTC can be loaded and is skipped, saying why, where it cannot.</summary>
public sealed class NvrtcTheoryAttribute : TheoryAttribute
{
    public NvrtcTheoryAttribute()
    {
        var probe = LibraryDiscovery.Probe(CudaLibrary.Nvrtc);
        if (!probe.Found) Skip = $"NVRTC not found ({probe.Reason}); scripts/install-deps.sh installs it";
    }
}
