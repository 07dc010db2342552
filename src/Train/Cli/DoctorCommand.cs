using MultiMix.Kernels;

namespace MultiMix.Train.Cli;

/// <summary>`multimix doctor`: what CUDA pieces this machine has, or in plain words why MultiMix runs on the CPU.</summary>
public sealed class DoctorCommand : ICommand
{
    public string Name => "doctor";

    public string Summary =>
        "Reports the NVIDIA driver, CUDA libraries (NVRTC, cuBLAS, cuDNN), GPU name, compute capability and memory, " +
        "or says plainly why MultiMix will run on the CPU. Set MULTIMIX_CUDA_PATH to folders to search first.";

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public int Run(ArgParser args, TextWriter output, TextWriter status, CancellationToken cancel) => CudaDoctor.Run(output);
}
