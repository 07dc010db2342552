using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MultiMix.Kernels.Native;

/// <summary>
/// NVRTC, the CUDA runtime compiler. Signatures from <c>nvrtc.h</c> (CUDA 11.8 to 13.0; unchanged across them):
/// every function returns <c>nvrtcResult</c> (0 = NVRTC_SUCCESS, 5 = NVRTC_ERROR_INVALID_OPTION,
/// 6 = NVRTC_ERROR_COMPILATION, 7 = NVRTC_ERROR_BUILTIN_OPERATION_FAILURE) and <c>nvrtcProgram</c> is an opaque
/// pointer. <c>nvrtcGetCUBINSize(nvrtcProgram, size_t*)</c> / <c>nvrtcGetCUBIN(nvrtcProgram, char*)</c> (since
/// 11.1) return the machine code when compiled for a real <c>sm_XX</c>; <c>nvrtcGetNumSupportedArchs(int*)</c> /
/// <c>nvrtcGetSupportedArchs(int*)</c> (since 11.2) list the compute capabilities as major·10 + minor, ascending.
/// </summary>
internal static unsafe partial class Nvrtc
{
    public const int Success = 0;

    static Nvrtc() => NativeLibraries.Register();

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcVersion(out int major, out int minor);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial nint nvrtcGetErrorString(int result);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetNumSupportedArchs(out int count);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetSupportedArchs(int* archs);

    [LibraryImport(NativeLibraries.Nvrtc, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int nvrtcCreateProgram(out nint program, string source, string name, int numHeaders, byte** headers, byte** includeNames);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcCompileProgram(nint program, int numOptions, byte** options);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetPTXSize(nint program, out nuint size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetPTX(nint program, byte* ptx);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetCUBINSize(nint program, out nuint size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetCUBIN(nint program, byte* cubin);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetProgramLogSize(nint program, out nuint size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetProgramLog(nint program, byte* log);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcDestroyProgram(ref nint program);

    /// <summary>NVRTC's name for a result code, e.g. NVRTC_ERROR_COMPILATION.</summary>
    public static string Describe(int result) => Marshal.PtrToStringUTF8(nvrtcGetErrorString(result)) ?? $"unknown NVRTC error {result}";

    /// <summary>Throws a <see cref="CudaException"/> naming the call and NVRTC's error string unless it succeeded.</summary>
    public static void Check(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != Success) throw new CudaException(call, result, Describe(result));
    }
}
