using MultiMix.Kernels.Launch;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>
/// Per-test state for comparing a custom kernel, run in the emulator through <see cref="CustomKernels"/> (the
/// same launch configuration and argument packing the GPU uses), against the CPU backend on the same inputs.
/// Disposal fails the test if a kernel wrote outside its buffers.
/// </summary>
public abstract class KernelParity : IDisposable
{
    protected KernelParity()
    {
        Launcher = new EmulatedLauncher();
        Kernels = new CustomKernels(Launcher);
    }

    protected GuardedMemory Gpu { get; } = new();

    protected CpuReference Cpu { get; } = new();

    protected EmulatedLauncher Launcher { get; }

    protected CustomKernels Kernels { get; }

    public void Dispose()
    {
        Cpu.Dispose();
        Gpu.Dispose();
        GC.SuppressFinalize(this);
    }
}
