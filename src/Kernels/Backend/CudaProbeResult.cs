using MultiMix.Kernels.Runtime;

namespace MultiMix.Kernels.Backend;

/// <summary>The steps of opening a GPU for MultiMix, in order; a probe stops at the first that fails.</summary>
internal enum CudaProbeStep
{
    Driver,
    Gpu,
    Libraries,
    KernelCompilation,
    Setup,
    KernelLaunch,
    Gemm,
    Convolution,
}

/// <summary>
/// Whether MultiMix can run on one GPU: usable only when every step, up to a kernel launch, a cuBLAS GEMM and a
/// cuDNN convolution compared with the CPU, succeeded. Otherwise the step that failed and why, in one line.
/// <see cref="Details"/> are further lines for <c>multimix doctor</c> (versions, paths, the NVRTC log).
/// </summary>
internal sealed record CudaProbeResult(int Ordinal, CudaProbeStep? FailedStep, string Reason, GpuInfo? Gpu, IReadOnlyList<string> Details)
{
    public bool Usable => FailedStep is null;

    /// <summary>How a step is named in messages.</summary>
    public static string Describe(CudaProbeStep step) => step switch
    {
        CudaProbeStep.Driver => "the NVIDIA driver",
        CudaProbeStep.Gpu => "the GPU",
        CudaProbeStep.Libraries => "the CUDA libraries",
        CudaProbeStep.KernelCompilation => "compiling the kernels",
        CudaProbeStep.Setup => "setting up the GPU",
        CudaProbeStep.KernelLaunch => "the self-test's kernel launch",
        CudaProbeStep.Gemm => "the self-test's cuBLAS GEMM",
        CudaProbeStep.Convolution => "the self-test's cuDNN convolution",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };
}
