using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MultiMix.Kernels.Native;

/// <summary>
/// cuBLAS (libcublas.so.13/12/11). Signatures and constants from <c>cublas_api.h</c> of CUDA 12.x/13.0:
/// calls return <c>cublasStatus_t</c> (0 = CUBLAS_STATUS_SUCCESS); matrices are column-major;
/// <c>cublasOperation_t</c> N = 0, T = 1; <c>cublasMath_t</c> CUBLAS_DEFAULT_MATH = 0,
/// CUBLAS_TF32_TENSOR_OP_MATH = 3 (the default keeps FP32 SGEMM off TF32 tensor cores).
/// </summary>
internal static unsafe partial class Cublas
{
    public const int Success = 0;
    public const int OpN = 0;
    public const int OpT = 1;
    public const int DefaultMath = 0;
    public const int Tf32TensorOpMath = 3;

    static Cublas() => NativeLibraries.Register();

    [LibraryImport(NativeLibraries.Cublas)]
    public static partial int cublasCreate_v2(out nint handle);

    [LibraryImport(NativeLibraries.Cublas)]
    public static partial int cublasDestroy_v2(nint handle);

    [LibraryImport(NativeLibraries.Cublas)]
    public static partial int cublasSetStream_v2(nint handle, nint stream);

    [LibraryImport(NativeLibraries.Cublas)]
    public static partial int cublasSetMathMode(nint handle, int mode);

    [LibraryImport(NativeLibraries.Cublas)]
    public static partial int cublasGetVersion_v2(nint handle, out int version);

    [LibraryImport(NativeLibraries.Cublas)]
    public static partial nint cublasGetStatusString(int status);

    [LibraryImport(NativeLibraries.Cublas)]
    public static partial int cublasSgemm_v2(nint handle, int transA, int transB, int m, int n, int k, float* alpha, ulong a, int lda, ulong b, int ldb, float* beta, ulong c, int ldc);

    public static void Check(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != Success) throw new CudaException(call, result, Marshal.PtrToStringUTF8(cublasGetStatusString(result)) ?? "unknown cuBLAS error");
    }
}
