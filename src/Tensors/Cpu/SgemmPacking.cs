using System.Runtime.Intrinsics.X86;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous panel layout the micro-kernels read:
/// A as MR-row panels (for each k step, MR consecutive row values), B as NR-column panels (for each k
/// step, NR consecutive column values). Panels at the edge are padded with zeros to a full MR or NR.
/// </summary>
internal static unsafe class SgemmPacking
{
    /// <summary>
    /// Packs rows [i0, i0+rows) and columns [p0, p0+kc) of op(A) into MR-row panels at dst. Panels are
    /// panelDepth k steps apart (panelDepth ≥ kc), so a panel can be filled in several column ranges.
    /// </summary>
    public static void PackA(bool transA, float* a, int lda, int i0, int rows, int p0, int kc, int mr, float* dst, int panelDepth)
    {
        for (var ir = 0; ir < rows; ir += mr)
        {
            var height = Math.Min(mr, rows - ir);
            var panel = dst + (long)ir * panelDepth;
            if (transA)
            {
                // op(A)(i, p) = a[p·lda + i]: each k step is a contiguous run of the panel's rows.
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (long)(p0 + p) * lda + i0 + ir;
                    var d = panel + p * mr;
                    for (var i = 0; i < height; i++)
                    {
                        d[i] = src[i];
                    }

                    for (var i = height; i < mr; i++)
                    {
                        d[i] = 0f;
                    }
                }
            }
            else
            {
                // op(A)(i, p) = a[i·lda + p]: a transpose. Whole 8×8 blocks go through registers, the rest
                // reads each row contiguously and writes it with stride MR.
                var done = 0;
                if (mr == 8 && height == 8 && Avx.IsSupported)
                {
                    var src = a + (long)(i0 + ir) * lda + p0;
                    for (; done + 8 <= kc; done += 8)
                    {
                        Transpose8x8(src + done, lda, panel + done * 8, 8);
                    }
                }

                for (var i = 0; i < height; i++)
                {
                    var src = a + (long)(i0 + ir + i) * lda + p0;
                    var d = panel + i;
                    for (var p = done; p < kc; p++)
                    {
                        d[p * mr] = src[p];
                    }
                }

                for (var i = height; i < mr; i++)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        panel[p * mr + i] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>Packs rows [p0, p0+kc) and columns [j0, j0+cols) of op(B) into NR-column panels at dst.</summary>
    public static void PackB(bool transB, float* b, int ldb, int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        for (var jr = 0; jr < cols; jr += nr)
        {
            var width = Math.Min(nr, cols - jr);
            var panel = dst + (long)jr * kc;
            if (transB)
            {
                // op(B)(p, j) = b[j·ldb + p]: a transpose. Whole 8×8 blocks go through registers, the rest
                // reads each column of op(B) contiguously and writes it with stride NR.
                var simdColumns = nr % 8 == 0 && Avx.IsSupported ? width / 8 * 8 : 0;
                var simdSteps = kc / 8 * 8;
                for (var j = 0; j < simdColumns; j += 8)
                {
                    var src = b + (long)(j0 + jr + j) * ldb + p0;
                    for (var p = 0; p < simdSteps; p += 8)
                    {
                        Transpose8x8(src + p, ldb, panel + p * nr + j, nr);
                    }
                }

                for (var j = 0; j < width; j++)
                {
                    var src = b + (long)(j0 + jr + j) * ldb + p0;
                    var d = panel + j;
                    for (var p = j < simdColumns ? simdSteps : 0; p < kc; p++)
                    {
                        d[p * nr] = src[p];
                    }
                }

                for (var j = width; j < nr; j++)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        panel[p * nr + j] = 0f;
                    }
                }
            }
            else
            {
                // op(B)(p, j) = b[p·ldb + j]: each k step is a contiguous run of the panel's columns.
                var bytes = (long)width * sizeof(float);
                for (var p = 0; p < kc; p++)
                {
                    var src = b + (long)(p0 + p) * ldb + j0 + jr;
                    var d = panel + p * nr;
                    Buffer.MemoryCopy(src, d, bytes, bytes);
                    for (var j = width; j < nr; j++)
                    {
                        d[j] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>dst[j·dstStride + i] = src[i·srcStride + j] for an 8×8 block, in AVX registers.</summary>
    internal static void Transpose8x8(float* src, long srcStride, float* dst, long dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);

        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
