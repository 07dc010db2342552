using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Runtime;

namespace MultiMix.Tests.Kernels.Cuda;

/// <summary>
/// Where the kernel parity tests run: the CPU emulator by default, the first GPU when
/// <c>MULTIMIX_KERNEL_TARGET=cuda</c> (scripts/gpu-check.sh sets it). The GPU context and the compiled kernels
/// are made once per process.
/// </summary>
internal static class CudaTarget
{
    public const string Variable = "MULTIMIX_KERNEL_TARGET";

    private static readonly Lazy<(CudaContext Context, KernelModules Modules)> s_gpu = new(() =>
    {
        var context = new CudaContext();
        return (context, new KernelModules(context, new KernelCompiler(KernelCache.Default())));
    });

    public static bool Selected => string.Equals(Environment.GetEnvironmentVariable(Variable), "cuda", StringComparison.OrdinalIgnoreCase);

    public static CudaContext Context
    {
        get
        {
            s_gpu.Value.Context.MakeCurrent();
            return s_gpu.Value.Context;
        }
    }

    public static KernelModules Modules => s_gpu.Value.Modules;
}
