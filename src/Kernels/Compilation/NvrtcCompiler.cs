using System.Text;
using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Compilation;

/// <summary>Compiles one CUDA C++ source with NVRTC, to machine code (CUBIN) or PTX.</summary>
internal static class NvrtcCompiler
{
    /// <summary>NVRTC's version as (major, minor); throws <see cref="DllNotFoundException"/> when NVRTC is absent.</summary>
    public static (int Major, int Minor) Version()
    {
        NativeLibraries.Require(CudaLibrary.Nvrtc);
        Nvrtc.Check(Nvrtc.nvrtcVersion(out var major, out var minor));
        return (major, minor);
    }

    /// <summary>The architectures this NVRTC compiles for (major·10 + minor), ascending.</summary>
    public static unsafe IReadOnlyList<int> SupportedArchitectures()
    {
        NativeLibraries.Require(CudaLibrary.Nvrtc);
        Nvrtc.Check(Nvrtc.nvrtcGetNumSupportedArchs(out var count));
        var archs = new int[count];
        fixed (int* p = archs)
        {
            Nvrtc.Check(Nvrtc.nvrtcGetSupportedArchs(p));
        }
        return archs;
    }

    /// <summary>
    /// The options for <paramref name="target"/>. <c>--fmad=false</c>: NVRTC would otherwise contract
    /// <c>a + b·c</c> into one fused multiply-add that rounds once, where the CPU backend and the g++ emulator round
    /// twice; without contraction every kernel evaluates the operations as written, so kernels made of IEEE
    /// additions, multiplications, divisions and square roots give the CPU's bits (expf/logf/log1pf still differ
    /// by an ulp or two, and those comparisons have tolerances).
    /// </summary>
    public static IReadOnlyList<string> OptionsFor(CompileTarget target) => [target.ArchitectureOption, "--std=c++17", "--fmad=false"];

    /// <summary>
    /// Compiles <paramref name="source"/>, resolving its #includes from <paramref name="headers"/>, and returns the
    /// CUBIN or the PTX (UTF-8, NUL-terminated, as cuModuleLoadData wants it). Throws
    /// <see cref="KernelCompilationException"/> with NVRTC's result and log whenever compilation fails.
    /// </summary>
    public static unsafe byte[] Compile(KernelSource source, IReadOnlyList<KernelSource> headers, IReadOnlyList<string> options, KernelImageKind kind)
    {
        NativeLibraries.Require(CudaLibrary.Nvrtc);
        using var headerTexts = new Utf8StringArray([.. headers.Select(h => h.Text)]);
        using var headerNames = new Utf8StringArray([.. headers.Select(h => h.Name)]);
        using var optionArray = new Utf8StringArray(options);
        Nvrtc.Check(Nvrtc.nvrtcCreateProgram(out var program, source.Text, source.Name, headers.Count, headerTexts.Pointer, headerNames.Pointer));
        try
        {
            var result = Nvrtc.nvrtcCompileProgram(program, optionArray.Count, optionArray.Pointer);
            if (result != Nvrtc.Success) throw new KernelCompilationException(source.Name, Nvrtc.Describe(result), Log(program));
            if (kind == KernelImageKind.Cubin)
            {
                Nvrtc.Check(Nvrtc.nvrtcGetCUBINSize(program, out var size));
                var cubin = new byte[(int)size];
                fixed (byte* p = cubin) Nvrtc.Check(Nvrtc.nvrtcGetCUBIN(program, p));
                return cubin;
            }
            Nvrtc.Check(Nvrtc.nvrtcGetPTXSize(program, out var ptxSize));
            var ptx = new byte[(int)ptxSize];
            fixed (byte* p = ptx) Nvrtc.Check(Nvrtc.nvrtcGetPTX(program, p));
            return ptx;
        }
        finally
        {
            Nvrtc.nvrtcDestroyProgram(ref program);
        }
    }

    /// <summary>NVRTC's log of the last compilation, or a note saying why it could not be read.</summary>
    private static unsafe string Log(nint program)
    {
        if (Nvrtc.nvrtcGetProgramLogSize(program, out var size) != Nvrtc.Success) return "(NVRTC gave no log)";
        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            if (Nvrtc.nvrtcGetProgramLog(program, p) != Nvrtc.Success) return "(NVRTC gave no log)";
        }
        var text = Encoding.UTF8.GetString(log, 0, Math.Max(0, log.Length - 1)).Trim();
        return text.Length > 0 ? text : "(the log is empty)";
    }
}
