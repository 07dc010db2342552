using System.CommandLine;
using MultiMix.Kernels;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix doctor`: what CUDA pieces this machine has, or in plain words why MultiMix runs on the CPU.</summary>
internal sealed class DoctorCommand() : CliCommand("doctor",
    "Reports the NVIDIA driver, CUDA libraries (NVRTC, cuBLAS, cuDNN), GPU name, compute capability and memory, " +
    "or says plainly why MultiMix will run on the CPU. Set MULTIMIX_CUDA_PATH to folders to search first.")
{
    public override int Run(ParseResult parsed, RunConsole console, CancellationToken cancel) => CudaDoctor.Run(console.Results);
}
