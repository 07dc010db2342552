using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace MultiMix.Distributed.Native;

/// <summary>
/// The Open MPI entry points MultiMix uses (libmpi.so.40). Signatures and constants from <c>mpi.h</c> of Open MPI
/// 4.1.4 (Debian bookworm, libopenmpi-dev 4.1.4-3): every call returns an int error class (MPI_SUCCESS = 0);
/// <c>MPI_Comm</c>, <c>MPI_Datatype</c>, <c>MPI_Op</c>, <c>MPI_Info</c> and <c>MPI_Errhandler</c> are pointers
/// to library objects (<see cref="MpiHandles"/> binds the predefined ones); counts are int.
/// The thread levels are the enum MPI_THREAD_SINGLE = 0, _FUNNELED = 1, _SERIALIZED = 2, _MULTIPLE = 3;
/// MPI_COMM_TYPE_SHARED is 0; MPI_IN_PLACE is <c>((void *) 1)</c>; MPI_MAX_ERROR_STRING is 256.
/// </summary>
internal static unsafe partial class Mpi
{
    public const int Success = 0;
    public const int ThreadSerialized = 2;
    public const int CommTypeShared = 0;
    public const int MaxErrorString = 256;

    /// <summary>MPI_IN_PLACE: the send-buffer argument that tells a collective to work in the receive buffer.</summary>
    public static readonly void* InPlace = (void*)1;

    static Mpi() => NativeLibraries.Register();

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Init_thread(int* argc, byte*** argv, int required, out int provided);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Initialized(out int flag);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Finalized(out int flag);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Finalize();

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Comm_rank(nint comm, out int rank);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Comm_size(nint comm, out int size);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Comm_split_type(nint comm, int splitType, int key, nint info, out nint newComm);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Comm_free(ref nint comm);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Comm_set_errhandler(nint comm, nint errhandler);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Allreduce(void* sendBuffer, void* receiveBuffer, int count, nint datatype, nint op, nint comm);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Bcast(void* buffer, int count, nint datatype, int root, nint comm);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Barrier(nint comm);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Abort(nint comm, int errorCode);

    [LibraryImport(NativeLibraries.Mpi)]
    public static partial int MPI_Error_string(int errorCode, byte* text, out int length);

    /// <summary>The library's text for an error class (e.g. "MPI_ERR_ROOT: invalid root").</summary>
    public static string ErrorString(int code)
    {
        var text = stackalloc byte[MaxErrorString];
        return MPI_Error_string(code, text, out var length) == Success && length > 0
            ? Encoding.UTF8.GetString(text, Math.Min(length, MaxErrorString))
            : "unknown MPI error";
    }

    public static void Check(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != Success) throw new MpiException(call, result, ErrorString(result));
    }
}
