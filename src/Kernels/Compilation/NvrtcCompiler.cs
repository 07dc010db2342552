using System.Text;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Compilation;

/// <summary>Compiles one CUDA C++ source to PTX with NVRTC.</summary>
public static class NvrtcCompiler
{
    /// <summary>NVRTC's version as (major, minor); throws <see cref="DllNotFoundException"/> when NVRTC is absent.</summary>
    public static (int Major, int Minor) Version()
    {
        NativeLibraries.Require(Discovery.CudaLibrary.Nvrtc);
        Nvrtc.Check(Nvrtc.nvrtcVersion(out var major, out var minor));
        return (major, minor);
    }

    /// <summary>The options used for a device of compute capability major.minor.</summary>
    public static IReadOnlyList<string> OptionsFor(int major, int minor) =>
        [$"--gpu-architecture=compute_{major}{minor}", "--std=c++17"];

    /// <summary>
    /// Compiles <paramref name="source"/>, resolving its #includes from <paramref name="headers"/>. Throws
    /// <see cref="KernelCompilationException"/> with NVRTC's log when the source does not compile.
    /// </summary>
    public static unsafe string CompileToPtx(KernelSource source, IReadOnlyList<KernelSource> headers, IReadOnlyList<string> options)
    {
        NativeLibraries.Require(Discovery.CudaLibrary.Nvrtc);
        using var headerTexts = new Utf8StringArray([.. headers.Select(h => h.Text)]);
        using var headerNames = new Utf8StringArray([.. headers.Select(h => h.Name)]);
        using var optionArray = new Utf8StringArray(options);
        Nvrtc.Check(Nvrtc.nvrtcCreateProgram(out var program, source.Text, source.Name, headers.Count, headerTexts.Pointer, headerNames.Pointer));
        try
        {
            var result = Nvrtc.nvrtcCompileProgram(program, optionArray.Count, optionArray.Pointer);
            if (result == Nvrtc.ErrorCompilation) throw new KernelCompilationException(source.Name, Log(program));
            Nvrtc.Check(result);
            Nvrtc.Check(Nvrtc.nvrtcGetPTXSize(program, out var size));
            var ptx = new byte[(int)size];
            fixed (byte* p = ptx)
            {
                Nvrtc.Check(Nvrtc.nvrtcGetPTX(program, p));
            }
            return Encoding.UTF8.GetString(ptx, 0, Math.Max(0, ptx.Length - 1));
        }
        finally
        {
            Nvrtc.nvrtcDestroyProgram(ref program);
        }
    }

    private static unsafe string Log(nint program)
    {
        Nvrtc.Check(Nvrtc.nvrtcGetProgramLogSize(program, out var size));
        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            Nvrtc.Check(Nvrtc.nvrtcGetProgramLog(program, p));
        }
        return Encoding.UTF8.GetString(log, 0, Math.Max(0, log.Length - 1));
    }
}
