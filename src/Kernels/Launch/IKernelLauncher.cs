namespace MultiMix.Kernels.Launch;

/// <summary>
/// Runs a kernel by name. Arguments come as one 64-bit slot each, in the kernel's parameter order (the low
/// bytes hold 32-bit values); the launcher hands the kernel a pointer per slot, as cuLaunchKernel expects.
/// Implemented by the CUDA runtime and, in the tests, by the CPU emulator.
/// </summary>
internal interface IKernelLauncher
{
    void Launch(in LaunchConfig config, ReadOnlySpan<ulong> args);
}
