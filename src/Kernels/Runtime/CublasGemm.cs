using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Runtime;

/// <summary>
/// Row-major GEMM through column-major cuBLAS: C = op(A)·op(B) row-major is Cᵀ = op(B)ᵀ·op(A)ᵀ column-major,
/// so the operands swap and the leading dimensions are the row-major widths. TF32 tensor cores are off unless
/// asked for (they change results at the 1e-3 level).
/// </summary>
internal sealed unsafe class CublasGemm : IDisposable
{
    private readonly nint _handle;

    public CublasGemm(CudaContext context, bool allowTf32 = false)
    {
        NativeLibraries.Require(CudaLibrary.Cublas);
        Cublas.Check(Cublas.cublasCreate_v2(out _handle));
        Cublas.Check(Cublas.cublasSetStream_v2(_handle, context.Stream));
        Cublas.Check(Cublas.cublasSetMathMode(_handle, allowTf32 ? Cublas.Tf32TensorOpMath : Cublas.DefaultMath));
        Cublas.Check(Cublas.cublasGetVersion_v2(_handle, out var version));
        Version = version;
    }

    /// <summary>cuBLAS version as major·10000 + minor·100 + patch.</summary>
    public int Version { get; }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DevicePtr a, DevicePtr b, float beta, DevicePtr c)
    {
        var lda = transA ? m : k;
        var ldb = transB ? k : n;
        Cublas.Check(Cublas.cublasSgemm_v2(_handle, transB ? Cublas.OpT : Cublas.OpN, transA ? Cublas.OpT : Cublas.OpN, n, m, k, &alpha, b.Address, ldb, a.Address, lda, &beta, c.Address, n));
    }

    public void Dispose() => Cublas.cublasDestroy_v2(_handle);
}
