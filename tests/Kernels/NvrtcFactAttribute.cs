using MultiMix.Kernels.Discovery;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>A fact that runs where NVRTC can be loaded and is skipped, saying why, where it cannot.</summary>
public sealed class NvrtcFactAttribute : FactAttribute
{
    public NvrtcFactAttribute()
    {
        if (UnavailableReason is { } reason) Skip = reason;
    }

    public static bool Available => UnavailableReason is null;

    public static string? UnavailableReason
    {
        get
        {
            var probe = LibraryDiscovery.Probe(CudaLibrary.Nvrtc);
            return probe.Found ? null : $"NVRTC not found ({probe.Reason}); scripts/install-deps.sh installs it";
        }
    }
}

/// <summary>A theory that runs where NVRTC can be loaded and is skipped, saying why, where it cannot.</summary>
public sealed class NvrtcTheoryAttribute : TheoryAttribute
{
    public NvrtcTheoryAttribute()
    {
        if (NvrtcFactAttribute.UnavailableReason is { } reason) Skip = reason;
    }
}
