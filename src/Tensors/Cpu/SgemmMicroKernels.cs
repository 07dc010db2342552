using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Register-blocked SGEMM micro-kernels. Each computes one MR×NR tile of C from a packed A micro-panel
/// (kc steps of MR values) and a packed B micro-panel (kc steps of NR values), keeping the whole tile in
/// registers, and then writes C = alpha·tile + beta·C (beta == 0 overwrites C without reading it).
/// </summary>
internal static unsafe class SgemmMicroKernels
{
    /// <summary>8×32 tile in 16 ZMM accumulators (AVX-512F); 8 broadcasts and 2 loads feed 16 FMAs per step.</summary>
    public static void Avx512x8x32(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }

        var va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            (c00 * va).Store(c);
            (c01 * va).Store(c + 16);
            (c10 * va).Store(c + 1 * ldc);
            (c11 * va).Store(c + 1 * ldc + 16);
            (c20 * va).Store(c + 2 * ldc);
            (c21 * va).Store(c + 2 * ldc + 16);
            (c30 * va).Store(c + 3 * ldc);
            (c31 * va).Store(c + 3 * ldc + 16);
            (c40 * va).Store(c + 4 * ldc);
            (c41 * va).Store(c + 4 * ldc + 16);
            (c50 * va).Store(c + 5 * ldc);
            (c51 * va).Store(c + 5 * ldc + 16);
            (c60 * va).Store(c + 6 * ldc);
            (c61 * va).Store(c + 6 * ldc + 16);
            (c70 * va).Store(c + 7 * ldc);
            (c71 * va).Store(c + 7 * ldc + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Avx512F.FusedMultiplyAdd(c00, va, Vector512.Load(c) * vb).Store(c);
            Avx512F.FusedMultiplyAdd(c01, va, Vector512.Load(c + 16) * vb).Store(c + 16);
            Avx512F.FusedMultiplyAdd(c10, va, Vector512.Load(c + 1 * ldc) * vb).Store(c + 1 * ldc);
            Avx512F.FusedMultiplyAdd(c11, va, Vector512.Load(c + 1 * ldc + 16) * vb).Store(c + 1 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c20, va, Vector512.Load(c + 2 * ldc) * vb).Store(c + 2 * ldc);
            Avx512F.FusedMultiplyAdd(c21, va, Vector512.Load(c + 2 * ldc + 16) * vb).Store(c + 2 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c30, va, Vector512.Load(c + 3 * ldc) * vb).Store(c + 3 * ldc);
            Avx512F.FusedMultiplyAdd(c31, va, Vector512.Load(c + 3 * ldc + 16) * vb).Store(c + 3 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c40, va, Vector512.Load(c + 4 * ldc) * vb).Store(c + 4 * ldc);
            Avx512F.FusedMultiplyAdd(c41, va, Vector512.Load(c + 4 * ldc + 16) * vb).Store(c + 4 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c50, va, Vector512.Load(c + 5 * ldc) * vb).Store(c + 5 * ldc);
            Avx512F.FusedMultiplyAdd(c51, va, Vector512.Load(c + 5 * ldc + 16) * vb).Store(c + 5 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c60, va, Vector512.Load(c + 6 * ldc) * vb).Store(c + 6 * ldc);
            Avx512F.FusedMultiplyAdd(c61, va, Vector512.Load(c + 6 * ldc + 16) * vb).Store(c + 6 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c70, va, Vector512.Load(c + 7 * ldc) * vb).Store(c + 7 * ldc);
            Avx512F.FusedMultiplyAdd(c71, va, Vector512.Load(c + 7 * ldc + 16) * vb).Store(c + 7 * ldc + 16);
        }
    }

    /// <summary>
    /// The 8×32 AVX-512 tile with an indirect B: step p reads its first 16 values at b + offsets[p] and the other
    /// 16 at b + offsets[p] + secondHalf instead of from a packed panel, so a convolution can read shifted rows
    /// of a padded image in place (secondHalf is 16 for one 32-pixel run, the padded row width for two 16-pixel rows).
    /// </summary>
    public static void Avx512x8x32Indirect(int kc, float* a, float* b, int* offsets, int secondHalf, float* c, int ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var row = b + offsets[p];
            var b0 = Vector512.Load(row);
            var b1 = Vector512.Load(row + secondHalf);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
        }

        var va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            (c00 * va).Store(c);
            (c01 * va).Store(c + 16);
            (c10 * va).Store(c + 1 * ldc);
            (c11 * va).Store(c + 1 * ldc + 16);
            (c20 * va).Store(c + 2 * ldc);
            (c21 * va).Store(c + 2 * ldc + 16);
            (c30 * va).Store(c + 3 * ldc);
            (c31 * va).Store(c + 3 * ldc + 16);
            (c40 * va).Store(c + 4 * ldc);
            (c41 * va).Store(c + 4 * ldc + 16);
            (c50 * va).Store(c + 5 * ldc);
            (c51 * va).Store(c + 5 * ldc + 16);
            (c60 * va).Store(c + 6 * ldc);
            (c61 * va).Store(c + 6 * ldc + 16);
            (c70 * va).Store(c + 7 * ldc);
            (c71 * va).Store(c + 7 * ldc + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Avx512F.FusedMultiplyAdd(c00, va, Vector512.Load(c) * vb).Store(c);
            Avx512F.FusedMultiplyAdd(c01, va, Vector512.Load(c + 16) * vb).Store(c + 16);
            Avx512F.FusedMultiplyAdd(c10, va, Vector512.Load(c + 1 * ldc) * vb).Store(c + 1 * ldc);
            Avx512F.FusedMultiplyAdd(c11, va, Vector512.Load(c + 1 * ldc + 16) * vb).Store(c + 1 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c20, va, Vector512.Load(c + 2 * ldc) * vb).Store(c + 2 * ldc);
            Avx512F.FusedMultiplyAdd(c21, va, Vector512.Load(c + 2 * ldc + 16) * vb).Store(c + 2 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c30, va, Vector512.Load(c + 3 * ldc) * vb).Store(c + 3 * ldc);
            Avx512F.FusedMultiplyAdd(c31, va, Vector512.Load(c + 3 * ldc + 16) * vb).Store(c + 3 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c40, va, Vector512.Load(c + 4 * ldc) * vb).Store(c + 4 * ldc);
            Avx512F.FusedMultiplyAdd(c41, va, Vector512.Load(c + 4 * ldc + 16) * vb).Store(c + 4 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c50, va, Vector512.Load(c + 5 * ldc) * vb).Store(c + 5 * ldc);
            Avx512F.FusedMultiplyAdd(c51, va, Vector512.Load(c + 5 * ldc + 16) * vb).Store(c + 5 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c60, va, Vector512.Load(c + 6 * ldc) * vb).Store(c + 6 * ldc);
            Avx512F.FusedMultiplyAdd(c61, va, Vector512.Load(c + 6 * ldc + 16) * vb).Store(c + 6 * ldc + 16);
            Avx512F.FusedMultiplyAdd(c70, va, Vector512.Load(c + 7 * ldc) * vb).Store(c + 7 * ldc);
            Avx512F.FusedMultiplyAdd(c71, va, Vector512.Load(c + 7 * ldc + 16) * vb).Store(c + 7 * ldc + 16);
        }
    }

    /// <summary>6×16 tile in 12 YMM accumulators (AVX2 + FMA); 6 broadcasts and 2 loads feed 12 FMAs per step.</summary>
    public static void Avx2x6x16(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        var va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            (c00 * va).Store(c);
            (c01 * va).Store(c + 8);
            (c10 * va).Store(c + 1 * ldc);
            (c11 * va).Store(c + 1 * ldc + 8);
            (c20 * va).Store(c + 2 * ldc);
            (c21 * va).Store(c + 2 * ldc + 8);
            (c30 * va).Store(c + 3 * ldc);
            (c31 * va).Store(c + 3 * ldc + 8);
            (c40 * va).Store(c + 4 * ldc);
            (c41 * va).Store(c + 4 * ldc + 8);
            (c50 * va).Store(c + 5 * ldc);
            (c51 * va).Store(c + 5 * ldc + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Fma.MultiplyAdd(c00, va, Vector256.Load(c) * vb).Store(c);
            Fma.MultiplyAdd(c01, va, Vector256.Load(c + 8) * vb).Store(c + 8);
            Fma.MultiplyAdd(c10, va, Vector256.Load(c + 1 * ldc) * vb).Store(c + 1 * ldc);
            Fma.MultiplyAdd(c11, va, Vector256.Load(c + 1 * ldc + 8) * vb).Store(c + 1 * ldc + 8);
            Fma.MultiplyAdd(c20, va, Vector256.Load(c + 2 * ldc) * vb).Store(c + 2 * ldc);
            Fma.MultiplyAdd(c21, va, Vector256.Load(c + 2 * ldc + 8) * vb).Store(c + 2 * ldc + 8);
            Fma.MultiplyAdd(c30, va, Vector256.Load(c + 3 * ldc) * vb).Store(c + 3 * ldc);
            Fma.MultiplyAdd(c31, va, Vector256.Load(c + 3 * ldc + 8) * vb).Store(c + 3 * ldc + 8);
            Fma.MultiplyAdd(c40, va, Vector256.Load(c + 4 * ldc) * vb).Store(c + 4 * ldc);
            Fma.MultiplyAdd(c41, va, Vector256.Load(c + 4 * ldc + 8) * vb).Store(c + 4 * ldc + 8);
            Fma.MultiplyAdd(c50, va, Vector256.Load(c + 5 * ldc) * vb).Store(c + 5 * ldc);
            Fma.MultiplyAdd(c51, va, Vector256.Load(c + 5 * ldc + 8) * vb).Store(c + 5 * ldc + 8);
        }
    }

    /// <summary>Width of the portable kernel's tile: two <see cref="Vector{T}"/> registers per row.</summary>
    public static int PortableNr => 2 * Vector<float>.Count;

    /// <summary>4×(2·Vector&lt;float&gt;.Count) tile for machines without AVX2/FMA.</summary>
    public static void Portable4xN(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
    {
        var w = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + w);
            c00 += new Vector<float>(a[0]) * b0;
            c01 += new Vector<float>(a[0]) * b1;
            c10 += new Vector<float>(a[1]) * b0;
            c11 += new Vector<float>(a[1]) * b1;
            c20 += new Vector<float>(a[2]) * b0;
            c21 += new Vector<float>(a[2]) * b1;
            c30 += new Vector<float>(a[3]) * b0;
            c31 += new Vector<float>(a[3]) * b1;
            a += 4;
            b += 2 * w;
        }

        StorePortableRow(c, w, c00, c01, alpha, beta);
        StorePortableRow(c + ldc, w, c10, c11, alpha, beta);
        StorePortableRow(c + 2 * ldc, w, c20, c21, alpha, beta);
        StorePortableRow(c + 3 * ldc, w, c30, c31, alpha, beta);
    }

    private static void StorePortableRow(float* c, int w, Vector<float> left, Vector<float> right, float alpha, float beta)
    {
        if (beta == 0f)
        {
            (left * alpha).Store(c);
            (right * alpha).Store(c + w);
        }
        else
        {
            (left * alpha + Vector.Load(c) * beta).Store(c);
            (right * alpha + Vector.Load(c + w) * beta).Store(c + w);
        }
    }
}
