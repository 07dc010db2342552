using System.Runtime.Intrinsics.X86;

namespace MultiMix.Tensors.Cpu;

/// <summary>The register-blocked micro-kernel family an SGEMM call runs on.</summary>
internal enum SgemmKernel
{
    /// <summary><see cref="System.Numerics.Vector{T}"/> code for any machine.</summary>
    Portable,

    /// <summary>256-bit AVX2 + FMA.</summary>
    Avx2,

    /// <summary>512-bit AVX-512F.</summary>
    Avx512,
}

/// <summary>
/// Single-precision general matrix multiply on row-major matrices, in the GotoBLAS/BLIS structure:
/// op(B) is packed in KC×NC blocks of NR-column panels, op(A) in MC×KC blocks of MR-row panels, and a
/// register-blocked micro-kernel computes each MR×NR tile of C from one panel of each.
/// </summary>
internal static unsafe class Sgemm
{
    /// <summary>Below this many multiply-adds (m·n·k) a call runs on the calling thread alone.</summary>
    internal const long ParallelThreshold = 64 * 64 * 64;

    [ThreadStatic]
    private static NativeScratch s_packedA;

    [ThreadStatic]
    private static NativeScratch s_packedB;

    /// <summary>The fastest kernel family this machine supports.</summary>
    internal static SgemmKernel BestKernel =>
        Avx512F.IsSupported ? SgemmKernel.Avx512 : Fma.IsSupported && Avx2.IsSupported ? SgemmKernel.Avx2 : SgemmKernel.Portable;

    /// <summary>
    /// C[m×n] = alpha·op(A)·op(B) + beta·C, all row-major. op(A) is m×k (A is k×m when transA), op(B) is
    /// k×n (B is n×k when transB). When beta is 0, C is only written, so it may hold garbage or NaN.
    /// Large products use all cores.
    /// </summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
        => Multiply(BestKernel, true, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Whether this machine can run <paramref name="kernel"/>.</summary>
    internal static bool IsSupported(SgemmKernel kernel) => kernel switch
    {
        SgemmKernel.Avx512 => Avx512F.IsSupported,
        SgemmKernel.Avx2 => Fma.IsSupported && Avx2.IsSupported,
        _ => true,
    };

    /// <summary>The full entry point: a chosen kernel family, and whether the call may use other cores.</summary>
    internal static void Multiply(
        SgemmKernel kernel, bool parallel,
        bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(lda, Math.Max(1, transA ? m : k));
        ArgumentOutOfRangeException.ThrowIfLessThan(ldb, Math.Max(1, transB ? k : n));
        ArgumentOutOfRangeException.ThrowIfLessThan(ldc, Math.Max(1, n));
        if (!IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"The {kernel} SGEMM kernel is not supported on this machine.");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        var blocking = SgemmBlocking.For(kernel);
        var workers = parallel && (long)m * n * k >= ParallelThreshold ? Environment.ProcessorCount : 1;
        var matrixA = new MatrixA(a, lda, transA);
        var matrixB = new MatrixB(b, ldb, transB);
        if (workers == 1)
        {
            RunBlocked(blocking, matrixA, matrixB, 0, m, 0, n, k, alpha, beta, c, ldc);
            return;
        }

        // Each worker takes a slab of C (columns when C is wide, rows when it is tall) and runs the whole
        // blocked algorithm on it with its own packing buffers; the shared operand is packed by each.
        if (n >= m)
        {
            var per = RoundUp(CeilDiv(n, workers), blocking.Nr);
            Parallel.For(0, CeilDiv(n, per), t =>
                RunBlocked(blocking, matrixA, matrixB, 0, m, t * per, Math.Min(per, n - t * per), k, alpha, beta, c, ldc));
        }
        else
        {
            var per = RoundUp(CeilDiv(m, workers), blocking.Mr);
            Parallel.For(0, CeilDiv(m, per), t =>
                RunBlocked(blocking, matrixA, matrixB, t * per, Math.Min(per, m - t * per), 0, n, k, alpha, beta, c, ldc));
        }
    }

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C on the calling thread for operands that pack themselves (for example an
    /// image unfolded on the fly), with the fastest kernel family.
    /// </summary>
    internal static void MultiplyPacked<TA, TB>(TA a, TB b, int m, int n, int k, float alpha, float beta, float* c, int ldc)
        where TA : struct, IPackA
        where TB : struct, IPackB
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        RunBlocked(SgemmBlocking.For(BestKernel), a, b, 0, m, 0, n, k, alpha, beta, c, ldc);
    }

    /// <summary>
    /// The blocked algorithm for rows [i0, i0+m) and columns [j0, j0+n) of C; c points at C's first element
    /// and the packers are asked for absolute row and column indices.
    /// </summary>
    private static void RunBlocked<TA, TB>(
        in SgemmBlocking blocking, TA a, TB b, int i0, int m, int j0, int n, int k, float alpha, float beta, float* c, int ldc)
        where TA : struct, IPackA
        where TB : struct, IPackB
    {
        int mr = blocking.Mr, nr = blocking.Nr;
        var kcMax = Math.Min(blocking.Kc, k);
        var mcMax = Math.Min(blocking.Mc, RoundUp(m, mr));
        var ncMax = Math.Min(blocking.Nc, RoundUp(n, nr));
        var packedA = s_packedA.Get((long)mcMax * kcMax);
        var packedB = s_packedB.Get((long)ncMax * kcMax);
        var kernel = blocking.Kernel;
        var edge = stackalloc float[SgemmBlocking.MaxTile];

        for (var jc = 0; jc < n; jc += blocking.Nc)
        {
            var nc = Math.Min(blocking.Nc, n - jc);
            for (var pc = 0; pc < k; pc += blocking.Kc)
            {
                var kc = Math.Min(blocking.Kc, k - pc);
                var betaBlock = pc == 0 ? beta : 1f;
                b.Pack(pc, kc, j0 + jc, nc, nr, packedB);
                for (var ic = 0; ic < m; ic += blocking.Mc)
                {
                    var mc = Math.Min(blocking.Mc, m - ic);
                    a.Pack(i0 + ic, mc, pc, kc, mr, packedA);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var width = Math.Min(nr, nc - jr);
                        var panelB = packedB + (long)jr * kc;
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var height = Math.Min(mr, mc - ir);
                            var panelA = packedA + (long)ir * kc;
                            var tile = c + (long)(i0 + ic + ir) * ldc + j0 + jc + jr;
                            if (height == mr && width == nr)
                            {
                                kernel(kc, panelA, panelB, tile, ldc, alpha, betaBlock);
                            }
                            else
                            {
                                kernel(kc, panelA, panelB, edge, nr, 1f, 0f);
                                MergeEdge(edge, nr, tile, ldc, height, width, alpha, betaBlock);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Writes the valid height×width corner of a full tile computed into scratch.</summary>
    internal static void MergeEdge(float* edge, int nr, float* c, int ldc, int height, int width, float alpha, float beta)
    {
        for (var i = 0; i < height; i++)
        {
            var src = edge + i * nr;
            var dst = c + (long)i * ldc;
            if (beta == 0f)
            {
                for (var j = 0; j < width; j++)
                {
                    dst[j] = alpha * src[j];
                }
            }
            else
            {
                for (var j = 0; j < width; j++)
                {
                    dst[j] = alpha * src[j] + beta * dst[j];
                }
            }
        }
    }

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                for (var j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }

    private static int CeilDiv(int x, int y) => (x + y - 1) / y;

    private static int RoundUp(int x, int multiple) => CeilDiv(x, multiple) * multiple;
}
