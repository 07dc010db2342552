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
    internal const int TileTaps = ChannelTiles.Rows;

    /// <summary>About how many floats of dyᵀ one block holds, so that it stays in L2 with its padded images.</summary>
    internal const int BlockFloats = 32 * 1024;

    [ThreadStatic]
    private static NativeScratch s_padded;

    [ThreadStatic]
    private static NativeScratch s_transposed;

    [ThreadStatic]
    private static NativeScratch s_positions;

    /// <summary>Whether <see cref="Run"/> can run for cout output channels on this machine.</summary>
    public static bool Applies(int cout) => cout % ChannelTiles.Lanes == 0 && Sgemm.BestKernel == SgemmKernel.Avx512;

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
        var taps6 = stackalloc float*[TileTaps];
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
                        taps6[j] = padded + (tap < taps ? (tap / (k * k) * planeSize) + (tap % (k * k) / k * wp) + (tap % k) : cin * planeSize);
                    }

                    var tileTaps = Math.Min(TileTaps, endTap - tap0);
                    var co0 = 0;
                    for (; co0 + ChannelTiles.Wide <= cout; co0 += ChannelTiles.Wide)
                    {
                        ChannelTiles.AccumulateWide(transposed + co0, cout, positions, count, taps6, dwT + ((long)tap0 * cout) + co0, cout, tileTaps);
                    }

                    for (; co0 < cout; co0 += ChannelTiles.Lanes)
                    {
                        ChannelTiles.AccumulateNarrow(transposed + co0, cout, positions, count, taps6, dwT + ((long)tap0 * cout) + co0, cout, tileTaps);
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
}
