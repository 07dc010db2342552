using System.Runtime.Intrinsics;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The weight gradient dw[co, tap] = Σ_q dy[co, q]·unfold(x)[tap, q] on AVX-512 when image rows are whole
/// multiples of 32 pixels. Along q both operands are contiguous within an output row (dy directly, the
/// unfolding as a shifted row of a zero-padded copy of x), so a dot-product micro-kernel reads them in place
/// with vectors running along q, and no transposed unfolding is packed. Tap index cin·k·k, when asked for,
/// reads a plane of ones and so sums dbias.
/// </summary>
internal static unsafe class DirectWeightGradient
{
    internal const int TileCout = 4;
    internal const int TileTaps = 6;
    internal const int Lanes = 16;

    /// <summary>
    /// About how many pixels one work item covers: each item ends with 24 horizontal sums per tile, which at 1,024
    /// pixels cost a fifth as much as the tile's multiply-adds (256 px, 16 and 32 channels: 189–226 GFLOP/s at
    /// 1,024, 214–273 at 4,096); a tile's rows of dy and x still stream from L2.
    /// </summary>
    internal const int PixelsPerItem = 4096;

    [ThreadStatic]
    private static NativeScratch s_padded;

    /// <summary>
    /// Whether <see cref="Accumulate"/> runs for images w wide on this machine. It needs whole vectors per
    /// row, and it only beats the packed GEMM with at least two vectors per row to amortize each row's setup.
    /// </summary>
    public static bool Applies(int w) => w % (2 * Lanes) == 0 && Sgemm.BestKernel == SgemmKernel.Avx512;

    /// <summary>How many work items a batch of n images of h rows of w pixels is cut into.</summary>
    public static int Items(int n, int h, int w) => n * ((h + RowsPerItem(w) - 1) / RowsPerItem(w));

    /// <summary>
    /// Adds items [first, end) (runs of rows of one sample) of dy·[unfold(x); 1]ᵀ into partial
    /// [cout, depth], depth = cin·k·k (+1 for the bias column).
    /// </summary>
    public static void Accumulate(
        float* dy, float* x, float* partial, int depth, int first, int end, int cin, int cout, int h, int w, int k)
    {
        var pad = (k - 1) / 2;
        var wp = w + 2 * pad;
        var planeSize = (long)(h + 2 * pad) * wp;
        var taps = cin * k * k;
        var rowsPerItem = RowsPerItem(w);
        var chunks = (h + rowsPerItem - 1) / rowsPerItem;
        var padded = s_padded.Get(planeSize * (cin + 1));
        var offsets = stackalloc int[TileTaps];
        var paddedSample = -1;
        for (var item = first; item < end; item++)
        {
            var sample = item / chunks;
            var row0 = item % chunks * rowsPerItem;
            var rows = Math.Min(rowsPerItem, h - row0);
            if (sample != paddedSample)
            {
                IndirectConvolution.PadWithOnes(x + (long)sample * cin * h * w, cin, h, w, pad, padded);
                paddedSample = sample;
            }

            var dyRows = dy + ((long)sample * cout * h + row0) * w;
            var xRows = padded + (long)row0 * wp;
            for (var tap0 = 0; tap0 < depth; tap0 += TileTaps)
            {
                // Taps past the end repeat the last one; their sums are computed and dropped.
                for (var j = 0; j < TileTaps; j++)
                {
                    var tap = Math.Min(tap0 + j, depth - 1);
                    offsets[j] = tap < taps
                        ? (int)(tap / (k * k) * planeSize) + tap % (k * k) / k * wp + tap % k
                        : (int)(cin * planeSize);
                }

                for (var co0 = 0; co0 < cout; co0 += TileCout)
                {
                    Tile(dyRows, co0, cout, h * w, xRows, offsets, rows, w, wp, partial, depth, tap0, Math.Min(TileTaps, depth - tap0));
                }
            }
        }
    }

    private static int RowsPerItem(int w) => Math.Max(1, PixelsPerItem / w);

    /// <summary>partial[co0..co0+4, tap0..tap0+taps) += Σ over rows and pixels of dy row · shifted x row.</summary>
    private static void Tile(
        float* dyRows, int co0, int cout, int plane, float* xRows, int* offsets, int rows, int w, int wp,
        float* partial, int depth, int tap0, int taps)
    {
        // Couts past the end repeat the last one; their sums are computed and dropped.
        var d0Base = dyRows + (long)Math.Min(co0, cout - 1) * plane;
        var d1Base = dyRows + (long)Math.Min(co0 + 1, cout - 1) * plane;
        var d2Base = dyRows + (long)Math.Min(co0 + 2, cout - 1) * plane;
        var d3Base = dyRows + (long)Math.Min(co0 + 3, cout - 1) * plane;
        int o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5];
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c24 = default, c25 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default, c34 = default, c35 = default;
        for (var row = 0; row < rows; row++)
        {
            var rowOffset = (long)row * w;
            var d0 = d0Base + rowOffset;
            var d1 = d1Base + rowOffset;
            var d2 = d2Base + rowOffset;
            var d3 = d3Base + rowOffset;
            var s = xRows + (long)row * wp;
            for (var v = 0; v < w; v += Lanes)
            {
                var a0 = Vector512.Load(d0 + v);
                var a1 = Vector512.Load(d1 + v);
                var a2 = Vector512.Load(d2 + v);
                var a3 = Vector512.Load(d3 + v);
                var b = Vector512.Load(s + o0 + v);
                c00 = Vector512.FusedMultiplyAdd(a0, b, c00);
                c10 = Vector512.FusedMultiplyAdd(a1, b, c10);
                c20 = Vector512.FusedMultiplyAdd(a2, b, c20);
                c30 = Vector512.FusedMultiplyAdd(a3, b, c30);
                b = Vector512.Load(s + o1 + v);
                c01 = Vector512.FusedMultiplyAdd(a0, b, c01);
                c11 = Vector512.FusedMultiplyAdd(a1, b, c11);
                c21 = Vector512.FusedMultiplyAdd(a2, b, c21);
                c31 = Vector512.FusedMultiplyAdd(a3, b, c31);
                b = Vector512.Load(s + o2 + v);
                c02 = Vector512.FusedMultiplyAdd(a0, b, c02);
                c12 = Vector512.FusedMultiplyAdd(a1, b, c12);
                c22 = Vector512.FusedMultiplyAdd(a2, b, c22);
                c32 = Vector512.FusedMultiplyAdd(a3, b, c32);
                b = Vector512.Load(s + o3 + v);
                c03 = Vector512.FusedMultiplyAdd(a0, b, c03);
                c13 = Vector512.FusedMultiplyAdd(a1, b, c13);
                c23 = Vector512.FusedMultiplyAdd(a2, b, c23);
                c33 = Vector512.FusedMultiplyAdd(a3, b, c33);
                b = Vector512.Load(s + o4 + v);
                c04 = Vector512.FusedMultiplyAdd(a0, b, c04);
                c14 = Vector512.FusedMultiplyAdd(a1, b, c14);
                c24 = Vector512.FusedMultiplyAdd(a2, b, c24);
                c34 = Vector512.FusedMultiplyAdd(a3, b, c34);
                b = Vector512.Load(s + o5 + v);
                c05 = Vector512.FusedMultiplyAdd(a0, b, c05);
                c15 = Vector512.FusedMultiplyAdd(a1, b, c15);
                c25 = Vector512.FusedMultiplyAdd(a2, b, c25);
                c35 = Vector512.FusedMultiplyAdd(a3, b, c35);
            }
        }

        var sums = stackalloc float[TileCout * TileTaps]
        {
            Vector512.Sum(c00), Vector512.Sum(c01), Vector512.Sum(c02), Vector512.Sum(c03), Vector512.Sum(c04), Vector512.Sum(c05),
            Vector512.Sum(c10), Vector512.Sum(c11), Vector512.Sum(c12), Vector512.Sum(c13), Vector512.Sum(c14), Vector512.Sum(c15),
            Vector512.Sum(c20), Vector512.Sum(c21), Vector512.Sum(c22), Vector512.Sum(c23), Vector512.Sum(c24), Vector512.Sum(c25),
            Vector512.Sum(c30), Vector512.Sum(c31), Vector512.Sum(c32), Vector512.Sum(c33), Vector512.Sum(c34), Vector512.Sum(c35),
        };
        for (var i = 0; i < TileCout && co0 + i < cout; i++)
        {
            var row = partial + (long)(co0 + i) * depth + tap0;
            for (var j = 0; j < taps; j++)
            {
                row[j] += sums[i * TileTaps + j];
            }
        }
    }
}
