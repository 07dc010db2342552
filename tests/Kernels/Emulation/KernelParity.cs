using MultiMix.Kernels.Launch;
using MultiMix.Tests.Kernels.Cuda;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>
/// Per-test state for comparing a custom kernel, run through <see cref="CustomKernels"/> (the same launch
/// configuration and argument packing everywhere), against the CPU backend on the same inputs. The kernel runs
/// in the emulator, or on the GPU when <see cref="CudaTarget"/> is selected. In the emulator, disposal fails the
/// test if a kernel wrote outside its buffers.
/// </summary>
public abstract class KernelParity : IDisposable
{
    protected KernelParity()
    {
        if (CudaTarget.Selected)
        {
            Gpu = new CudaKernelMemory(CudaTarget.Context);
            Launcher = new RecordingLauncher(CudaTarget.Modules);
        }
        else
        {
            Gpu = new GuardedMemory();
            Launcher = new RecordingLauncher(new EmulatedLauncher());
        }
        Kernels = new CustomKernels(Launcher);
    }

    private protected IKernelMemory Gpu { get; }

    protected CpuReference Cpu { get; } = new();

    private protected RecordingLauncher Launcher { get; }

    private protected CustomKernels Kernels { get; }

    /// <summary>Frees both sides' buffers; the device side also when the CPU side threw.</summary>
    public void Dispose()
    {
        try
        {
            Cpu.Dispose();
        }
        finally
        {
            Gpu.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
