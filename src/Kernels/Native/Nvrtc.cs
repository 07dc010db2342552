using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MultiMix.Kernels.Discovery;

namespace MultiMix.Kernels.Native;

/// <summary>
/// NVRTC, the CUDA runtime compiler. Signatures from <c>nvrtc.h</c> (CUDA 11.8 to 13; unchanged across them):
/// every function returns <c>nvrtcResult</c> (0 = NVRTC_SUCCESS, 6 = NVRTC_ERROR_COMPILATION) and
/// <c>nvrtcProgram</c> is an opaque pointer.
/// </summary>
internal static unsafe partial class Nvrtc
{
    public const int Success = 0;
    public const int ErrorCompilation = 6;

    static Nvrtc() => NativeLibraries.Register();

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcVersion(out int major, out int minor);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial nint nvrtcGetErrorString(int result);

    [LibraryImport(NativeLibraries.Nvrtc, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int nvrtcCreateProgram(out nint program, string source, string name, int numHeaders, byte** headers, byte** includeNames);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcCompileProgram(nint program, int numOptions, byte** options);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetPTXSize(nint program, out nuint size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetPTX(nint program, byte* ptx);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetProgramLogSize(nint program, out nuint size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetProgramLog(nint program, byte* log);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcDestroyProgram(ref nint program);

    public static bool IsAvailable => LibraryDiscovery.Probe(CudaLibrary.Nvrtc).Found;

    /// <summary>Throws a <see cref="CudaException"/> naming the call and NVRTC's error string unless it succeeded.</summary>
    public static void Check(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != Success)
        {
            throw new CudaException(call, result, Marshal.PtrToStringUTF8(nvrtcGetErrorString(result)) ?? "unknown NVRTC error");
        }
    }
}
