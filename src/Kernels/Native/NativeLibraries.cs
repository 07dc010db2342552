using System.Reflection;
using System.Runtime.InteropServices;
using MultiMix.Kernels.Discovery;

namespace MultiMix.Kernels.Native;

/// <summary>
/// The logical library names the <c>[LibraryImport]</c> declarations use, and the resolver that maps them to the
/// files <see cref="LibraryDiscovery"/> finds (the real files carry version suffixes that differ between CUDA
/// releases and installs). Every binding class registers it from its static constructor.
/// </summary>
internal static class NativeLibraries
{
    public const string Driver = "multimix-cuda-driver";
    public const string Nvrtc = "multimix-nvrtc";
    public const string Cublas = "multimix-cublas";
    public const string Cudnn = "multimix-cudnn";

    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }
    }

    /// <summary>Throws a <see cref="DllNotFoundException"/> saying why, when the library is absent.</summary>
    public static void Require(CudaLibrary library)
    {
        var probe = LibraryDiscovery.Probe(library);
        if (!probe.Found) throw new DllNotFoundException(probe.ToString());
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        CudaLibrary? library = name switch
        {
            Driver => CudaLibrary.Driver,
            Nvrtc => CudaLibrary.Nvrtc,
            Cublas => CudaLibrary.Cublas,
            Cudnn => CudaLibrary.Cudnn,
            _ => null,
        };
        return library is { } l ? LibraryDiscovery.Probe(l).Handle : 0;
    }
}
