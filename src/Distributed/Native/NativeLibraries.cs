using System.Reflection;
using System.Runtime.InteropServices;

namespace MultiMix.Distributed.Native;

/// <summary>
/// The logical library names the <c>[LibraryImport]</c> declarations of this assembly use, and the resolver that
/// maps them to the files <see cref="MpiLibrary"/> and <see cref="NcclLibrary"/> found. Every binding class
/// registers it from its static constructor.
/// </summary>
internal static class NativeLibraries
{
    public const string Mpi = "multimix-mpi";
    public const string Nccl = "multimix-nccl";

    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        Mpi => MpiLibrary.Library.Handle,
        Nccl => NcclLibrary.Library.Handle,
        _ => 0,
    };
}
