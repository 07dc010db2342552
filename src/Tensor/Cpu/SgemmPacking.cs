namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous panel layout the micro-kernels read:
/// A as MR-row panels (for each k step, MR consecutive row values), B as NR-column panels (for each k
/// step, NR consecutive column values). Panels at the edge are padded with zeros to a full MR or NR.
/// </summary>
internal static unsafe class SgemmPacking
{
    /// <summary>Packs rows [i0, i0+rows) and columns [p0, p0+kc) of op(A) into MR-row panels at dst.</summary>
    public static void PackA(bool transA, float* a, int lda, int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        for (var ir = 0; ir < rows; ir += mr)
        {
            var height = Math.Min(mr, rows - ir);
            var panel = dst + (long)ir * kc;
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
                // op(A)(i, p) = a[i·lda + p]: read each row contiguously, write it with stride MR.
                for (var i = 0; i < height; i++)
                {
                    var src = a + (long)(i0 + ir + i) * lda + p0;
                    var d = panel + i;
                    for (var p = 0; p < kc; p++)
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
                // op(B)(p, j) = b[j·ldb + p]: read each column of op(B) contiguously, write it with stride NR.
                for (var j = 0; j < width; j++)
                {
                    var src = b + (long)(j0 + jr + j) * ldb + p0;
                    var d = panel + j;
                    for (var p = 0; p < kc; p++)
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
}
