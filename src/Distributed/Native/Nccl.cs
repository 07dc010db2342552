using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MultiMix.Distributed.Native;

/// <summary>
/// ncclUniqueId from <c>nccl.h</c>: <c>typedef struct { char internal[NCCL_UNIQUE_ID_BYTES]; } ncclUniqueId;</c>
/// with NCCL_UNIQUE_ID_BYTES = 128. ncclCommInitRank takes it by value.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NcclUniqueId
{
    public const int Bytes = 128;

    public fixed byte Internal[Bytes];
}

/// <summary>
/// The NCCL entry points MultiMix uses (libnccl.so.2). Signatures and constants from <c>nccl.h</c> of NCCL 2.x
/// (src/nccl.h.in; unchanged in this subset from 2.13 through 2.28): calls return <c>ncclResult_t</c>
/// (ncclSuccess = 0 … ncclInvalidArgument = 4, ncclInvalidUsage = 5, ncclRemoteError = 6, ncclInProgress = 7);
/// <c>ncclComm_t</c> and <c>cudaStream_t</c> are opaque pointers; buffers are device pointers (bound as
/// ulong, like CUdeviceptr elsewhere) and counts size_t. <c>ncclDataType_t</c> ncclFloat32 = 7;
/// <c>ncclRedOp_t</c> ncclSum = 0, ncclAvg = 4 (since 2.10). ncclGetLastError exists since 2.13, the oldest
/// version accepted. The version code is major·10000 + minor·100 + patch from 2.9 on.
/// </summary>
internal static unsafe partial class Nccl
{
    public const int Success = 0;
    public const int Float32 = 7;
    public const int Sum = 0;
    public const int Avg = 4;

    /// <summary>NCCL 2.13.0: ncclAvg and ncclGetLastError are both there.</summary>
    public const int MinimumVersion = 21300;

    static Nccl() => NativeLibraries.Register();

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial int ncclGetVersion(out int version);

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial int ncclGetUniqueId(NcclUniqueId* uniqueId);

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial int ncclCommInitRank(out nint comm, int nranks, NcclUniqueId commId, int rank);

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial int ncclAllReduce(ulong sendBuffer, ulong receiveBuffer, nuint count, int datatype, int op, nint comm, nint stream);

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial int ncclCommDestroy(nint comm);

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial int ncclCommAbort(nint comm);

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial nint ncclGetErrorString(int result);

    [LibraryImport(NativeLibraries.Nccl)]
    public static partial nint ncclGetLastError(nint comm);

    /// <summary>"2.21.5" from a version code.</summary>
    public static string VersionText(int code) => code >= 20900
        ? $"{code / 10000}.{code / 100 % 100}.{code % 100}"
        : $"{code / 1000}.{code / 100 % 10}.{code % 100}";

    /// <summary>Throws naming the call, NCCL's text for the status and, when it has one, its last error message.</summary>
    public static void Check(int result, nint comm = 0, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result == Success) return;
        var error = Marshal.PtrToStringUTF8(ncclGetErrorString(result)) ?? "unknown NCCL error";
        var detail = Marshal.PtrToStringUTF8(ncclGetLastError(comm));
        throw new NcclException(call, result, string.IsNullOrWhiteSpace(detail) ? error : $"{error}: {detail.Trim()}");
    }
}
