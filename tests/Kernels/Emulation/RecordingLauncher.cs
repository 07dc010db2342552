using MultiMix.Kernels.Launch;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>Passes launches on and keeps a list of them, so tests can check which kernels ran.</summary>
internal sealed class RecordingLauncher(IKernelLauncher inner) : IKernelLauncher
{
    public List<LaunchConfig> Launches { get; } = [];

    public void Launch(in LaunchConfig config, ReadOnlySpan<ulong> args)
    {
        Launches.Add(config);
        inner.Launch(config, args);
    }
}
