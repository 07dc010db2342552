using System.Runtime.Intrinsics;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The weight gradient on AVX-512 for images whose rows are too short for <see cref="DirectWeightGradient"/>
/// (the small maps deep in the network, and odd widths): vectors run along the output channels instead of the
/// pixels. A block of dy is transposed to [pixel, cout], the matching images are copied into zero-padded planes
/// (with a plane of ones for the bias), and dwᵀ[tap, co] += Σ_q x_padded[offset(tap) + position(q)]·dyᵀ[q, co]
/// with each x value broadcast, so the unfolded operand is read in place and never packed (packing it cost as
/// much as the multiply-adds when cout is 64–256). The cores split the taps, so each owns whole rows of dwᵀ:
/// no partial sums, and every sum runs block by block and pixel by pixel in the same order whatever the
/// number of cores.
/// </summary>
internal static unsafe class BroadcastWeightGradient
{
    internal const int Lanes = 16;
    internal const int TileTaps = 6;

    /// <summary>Output channels in a wide tile: four vectors, 24 accumulators.</summary>
    internal const int WideTile = 4 * Lanes;

    /// <summary>About how many floats of dyᵀ one block holds, so that it stays in L2 with its padded images.</summary>
    internal const int BlockFloats = 32 * 1024;

    [ThreadStatic]
    private static NativeScratch s_padded;

    [ThreadStatic]
    private static NativeScratch s_transposed;

    [ThreadStatic]
    private static NativeScratch s_positions;

    /// <summary>Whether <see cref="Run"/> can run for cout output channels on this machine.</summary>
    public static bool Applies(int cout) => cout % Lanes == 0 && Sgemm.BestKernel == SgemmKernel.Avx512;

    /// <summary>How many tiles of <see cref="TileTaps"/> taps a depth is cut into: the unit the cores share.</summary>
    public static int Tiles(int depth) => (depth + TileTaps - 1) / TileTaps;

    /// <summary>
    /// Overwrites rows [TileTaps·tile0, TileTaps·tile1) ∩ [0, depth) of dwT [depth, cout] with the sums over the
    /// whole batch of dy [n, cout, h, w] times the unfolding of x [n, cin, h, w]; depth = cin·k·k, plus one for
    /// the bias (the plane of ones).
    /// </summary>
    public static void Run(float* dy, float* x, float* dwT, int depth, int tile0, int tile1, int n, int cin, int cout, int h, int w, int k)
    {
        var pad = (k - 1) / 2;
        var wp = w + 2 * pad;
        var planeSize = (h + 2 * pad) * wp;
        var sampleSize = (cin + 1) * planeSize;
        var pixels = h * w;
        var taps = cin * k * k;
        var firstTap = tile0 * TileTaps;
        var endTap = Math.Min(depth, tile1 * TileTaps);
        if (firstTap >= endTap)
        {
            return;
        }

        new Span<float>(dwT + (long)firstTap * cout, (endTap - firstTap) * cout).Clear();
        var sampleFloats = (long)pixels * cout;
        var samplesPerBlock = (int)Math.Clamp(BlockFloats / sampleFloats, 1, n);
        var rowsPerBlock = sampleFloats <= BlockFloats ? h : Math.Max(1, BlockFloats / (w * cout));
        var padded = s_padded.Get((long)sampleSize * samplesPerBlock);
        var transposed = s_transposed.Get((long)samplesPerBlock * rowsPerBlock * w * cout);
        var positions = (int*)s_positions.Get((long)samplesPerBlock * rowsPerBlock * w);
        var offsets = stackalloc int[TileTaps];
        for (var s0 = 0; s0 < n; s0 += samplesPerBlock)
        {
            var samples = Math.Min(samplesPerBlock, n - s0);
            for (var j = 0; j < samples; j++)
            {
                IndirectConvolution.PadWithOnes(x + (long)(s0 + j) * cin * pixels, cin, h, w, pad, padded + (long)j * sampleSize);
            }

            for (var r0 = 0; r0 < h; r0 += rowsPerBlock)
            {
                var rows = Math.Min(rowsPerBlock, h - r0);
                var count = Gather(dy + (long)s0 * cout * pixels, samples, cout, pixels, r0, rows, w, wp, sampleSize, transposed, positions);
                for (var tap0 = firstTap; tap0 < endTap; tap0 += TileTaps)
                {
                    // Taps past the end repeat the last one; their sums are computed and dropped.
                    for (var j = 0; j < TileTaps; j++)
                    {
                        var tap = Math.Min(tap0 + j, endTap - 1);
                        offsets[j] = tap < taps ? (tap / (k * k) * planeSize) + (tap % (k * k) / k * wp) + (tap % k) : cin * planeSize;
                    }

                    var tileTaps = Math.Min(TileTaps, endTap - tap0);
                    var co0 = 0;
                    for (; co0 + WideTile <= cout; co0 += WideTile)
                    {
                        Wide(transposed + co0, cout, count, padded, positions, offsets, dwT + ((long)tap0 * cout) + co0, tileTaps);
                    }

                    for (; co0 < cout; co0 += Lanes)
                    {
                        Narrow(transposed + co0, cout, count, padded, positions, offsets, dwT + ((long)tap0 * cout) + co0, tileTaps);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies rows [r0, r0+rows) of each of the samples' dy planes into transposed [q, cout] and writes each
    /// pixel's position in the padded images (relative to the tap offset); returns the number of pixels q.
    /// </summary>
    private static int Gather(
        float* dy, int samples, int cout, int pixels, int r0, int rows, int w, int wp, int sampleSize, float* transposed, int* positions)
    {
        var run = rows * w;
        for (var j = 0; j < samples; j++)
        {
            var block = transposed + (long)j * run * cout;
            for (var co = 0; co < cout; co++)
            {
                var src = dy + (((long)j * cout) + co) * pixels + ((long)r0 * w);
                for (var p = 0; p < run; p++)
                {
                    block[((long)p * cout) + co] = src[p];
                }
            }

            var position = positions + (j * run);
            for (var row = 0; row < rows; row++)
            {
                for (var col = 0; col < w; col++)
                {
                    position[(row * w) + col] = (j * sampleSize) + ((r0 + row) * wp) + col;
                }
            }
        }

        return samples * run;
    }

    /// <summary>dwT[tap0 + j, 0..64) += Σ_q x(tap0 + j, q)·dyᵀ[q, 0..64) for j below tileTaps.</summary>
    private static void Wide(float* dyT, int cout, int count, float* padded, int* positions, int* offsets, float* dwT, int tileTaps)
    {
        int o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5];
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c24 = default, c25 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default, c34 = default, c35 = default;
        for (var q = 0; q < count; q++)
        {
            var a = dyT + ((long)q * cout);
            var a0 = Vector512.Load(a);
            var a1 = Vector512.Load(a + Lanes);
            var a2 = Vector512.Load(a + (2 * Lanes));
            var a3 = Vector512.Load(a + (3 * Lanes));
            var s = padded + positions[q];
            var b = Vector512.Create(s[o0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b, c00);
            c10 = Vector512.FusedMultiplyAdd(a1, b, c10);
            c20 = Vector512.FusedMultiplyAdd(a2, b, c20);
            c30 = Vector512.FusedMultiplyAdd(a3, b, c30);
            b = Vector512.Create(s[o1]);
            c01 = Vector512.FusedMultiplyAdd(a0, b, c01);
            c11 = Vector512.FusedMultiplyAdd(a1, b, c11);
            c21 = Vector512.FusedMultiplyAdd(a2, b, c21);
            c31 = Vector512.FusedMultiplyAdd(a3, b, c31);
            b = Vector512.Create(s[o2]);
            c02 = Vector512.FusedMultiplyAdd(a0, b, c02);
            c12 = Vector512.FusedMultiplyAdd(a1, b, c12);
            c22 = Vector512.FusedMultiplyAdd(a2, b, c22);
            c32 = Vector512.FusedMultiplyAdd(a3, b, c32);
            b = Vector512.Create(s[o3]);
            c03 = Vector512.FusedMultiplyAdd(a0, b, c03);
            c13 = Vector512.FusedMultiplyAdd(a1, b, c13);
            c23 = Vector512.FusedMultiplyAdd(a2, b, c23);
            c33 = Vector512.FusedMultiplyAdd(a3, b, c33);
            b = Vector512.Create(s[o4]);
            c04 = Vector512.FusedMultiplyAdd(a0, b, c04);
            c14 = Vector512.FusedMultiplyAdd(a1, b, c14);
            c24 = Vector512.FusedMultiplyAdd(a2, b, c24);
            c34 = Vector512.FusedMultiplyAdd(a3, b, c34);
            b = Vector512.Create(s[o5]);
            c05 = Vector512.FusedMultiplyAdd(a0, b, c05);
            c15 = Vector512.FusedMultiplyAdd(a1, b, c15);
            c25 = Vector512.FusedMultiplyAdd(a2, b, c25);
            c35 = Vector512.FusedMultiplyAdd(a3, b, c35);
        }

        // Written out one row at a time: gathering the accumulators into an array made the JIT keep them on
        // the stack through the loop.
        VectorRows.Add(dwT, c00, c10, c20, c30);
        if (tileTaps > 1)
        {
            VectorRows.Add(dwT + cout, c01, c11, c21, c31);
        }

        if (tileTaps > 2)
        {
            VectorRows.Add(dwT + (2L * cout), c02, c12, c22, c32);
        }

        if (tileTaps > 3)
        {
            VectorRows.Add(dwT + (3L * cout), c03, c13, c23, c33);
        }

        if (tileTaps > 4)
        {
            VectorRows.Add(dwT + (4L * cout), c04, c14, c24, c34);
        }

        if (tileTaps > 5)
        {
            VectorRows.Add(dwT + (5L * cout), c05, c15, c25, c35);
        }
    }

    /// <summary>dwT[tap0 + j, 0..16) += Σ_q x(tap0 + j, q)·dyᵀ[q, 0..16) for j below tileTaps.</summary>
    private static void Narrow(float* dyT, int cout, int count, float* padded, int* positions, int* offsets, float* dwT, int tileTaps)
    {
        int o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5];
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (var q = 0; q < count; q++)
        {
            var a = Vector512.Load(dyT + ((long)q * cout));
            var s = padded + positions[q];
            c0 = Vector512.FusedMultiplyAdd(a, Vector512.Create(s[o0]), c0);
            c1 = Vector512.FusedMultiplyAdd(a, Vector512.Create(s[o1]), c1);
            c2 = Vector512.FusedMultiplyAdd(a, Vector512.Create(s[o2]), c2);
            c3 = Vector512.FusedMultiplyAdd(a, Vector512.Create(s[o3]), c3);
            c4 = Vector512.FusedMultiplyAdd(a, Vector512.Create(s[o4]), c4);
            c5 = Vector512.FusedMultiplyAdd(a, Vector512.Create(s[o5]), c5);
        }

        VectorRows.Add(dwT, c0);
        if (tileTaps > 1)
        {
            VectorRows.Add(dwT + cout, c1);
        }

        if (tileTaps > 2)
        {
            VectorRows.Add(dwT + (2L * cout), c2);
        }

        if (tileTaps > 3)
        {
            VectorRows.Add(dwT + (3L * cout), c3);
        }

        if (tileTaps > 4)
        {
            VectorRows.Add(dwT + (4L * cout), c4);
        }

        if (tileTaps > 5)
        {
            VectorRows.Add(dwT + (5L * cout), c5);
        }
    }
}
