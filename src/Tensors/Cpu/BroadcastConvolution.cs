namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The forward convolution on AVX-512 for small images (the 8² and 4² maps deep in the network), where a GEMM
/// over the unfolded batch spent as long packing the unfolding as multiplying: vectors run along the output
/// channels, yᵀ[q, co] = Σ_tap x_padded[offset(tap) + position(q)]·wᵀ[tap, co], with each x value broadcast from
/// zero-padded planes (a plane of ones carries the bias) and the weights transposed once per call to
/// [tap, cout] (rows padded to whole vectors). The cores split the pixels of the batch; the taps run in blocks
/// whose weights stay in L2, each pixel's sum is taken tap by tap in order, so the result does not depend on
/// the number of cores or on which other images share the call.
/// </summary>
internal static unsafe class BroadcastConvolution
{
    internal const int TilePixels = ChannelTiles.Rows;

    /// <summary>Taps per block: 256 rows of a 64-channel tile of the weights are 64 KiB.</summary>
    internal const int TapBlock = 256;

    // The calling thread's: it fills them before its workers start, and two callers (data-parallel ranks in one
    // process) must not share them.
    [ThreadStatic]
    private static NativeScratch s_weights;

    [ThreadStatic]
    private static NativeScratch s_offsets;

    [ThreadStatic]
    private static NativeScratch s_padded;

    [ThreadStatic]
    private static NativeScratch s_transposed;

    [ThreadStatic]
    private static NativeScratch s_positions;

    /// <summary>Whether <see cref="Forward"/> runs on this machine.</summary>
    public static bool Applies => Sgemm.BestKernel == SgemmKernel.Avx512;

    /// <summary>
    /// y[n, cout, h, w] = conv(x[n, cin, h, w], weights[cout, cin, k, k]) + bias (bias may be null); y is
    /// overwritten. <paramref name="workers"/> cores share the pixels of the batch. With
    /// <paramref name="transposed"/> the weights are read as a layer's [cin, cout, k, k] rotated by 180°, which
    /// makes this the input gradient of that layer (x = dy, y = dx).
    /// </summary>
    public static void Forward(
        float* x, float* weights, float* bias, float* y, int n, int cin, int cout, int h, int w, int k, int workers, bool transposed = false)
    {
        var taps = cin * k * k;
        var depth = bias == null ? taps : taps + 1;
        var stride = (cout + ChannelTiles.Lanes - 1) / ChannelTiles.Lanes * ChannelTiles.Lanes;
        var pad = (k - 1) / 2;
        var wp = w + 2 * pad;
        var planeSize = (h + 2 * pad) * wp;
        var weightsT = s_weights.Get((long)depth * stride);
        var offsets = (int*)s_offsets.Get(depth);
        for (var t = 0; t < taps; t++)
        {
            offsets[t] = (t / (k * k) * planeSize) + (t % (k * k) / k * wp) + (t % k);
        }

        if (depth > taps)
        {
            offsets[taps] = cin * planeSize;
        }

        var total = n * h * w;
        workers = Math.Max(1, Math.Min(workers, total / TilePixels));
        Run(workers, t => Transpose(weights, bias, weightsT, transposed, k * k, taps, depth, cout, stride, depth * t / workers, depth * (t + 1) / workers));
        Run(workers, t =>
        {
            var q0 = (int)((long)total * t / workers);
            var q1 = (int)((long)total * (t + 1) / workers);
            if (q0 < q1)
            {
                Pixels(x, weightsT, offsets, depth, stride, y, q0, q1, cin, cout, h, w, k);
            }
        });
    }

    private static void Run(int workers, Action<int> body)
    {
        if (workers == 1)
        {
            body(0);
        }
        else
        {
            Parallel.For(0, workers, body);
        }
    }

    /// <summary>
    /// Rows [r0, r1) of weightsT [depth, stride]: for tap r = (input channel i, offset t), weight (o, i, t) for
    /// every output channel o, zero past cout; the bias row after the taps. Weight (o, i, t) is
    /// weights[o, i, t], or weights[i, o, kk−1−t] when <paramref name="rotated"/>.
    /// </summary>
    private static void Transpose(
        float* weights, float* bias, float* weightsT, bool rotated, int kk, int taps, int depth, int cout, int stride, int r0, int r1)
    {
        // Row by row: the writes run along a row, and the reads for the next rows hit the same cache lines.
        for (var r = r0; r < r1; r++)
        {
            var row = weightsT + ((long)r * stride);
            if (r >= taps)
            {
                new ReadOnlySpan<float>(bias, cout).CopyTo(new Span<float>(row, cout));
            }
            else if (rotated)
            {
                var src = weights + ((long)r / kk * cout * kk) + kk - 1 - (r % kk);
                for (var o = 0; o < cout; o++)
                {
                    row[o] = src[(long)o * kk];
                }
            }
            else
            {
                var src = weights + r;
                for (var o = 0; o < cout; o++)
                {
                    row[o] = src[(long)o * taps];
                }
            }

            new Span<float>(row + cout, stride - cout).Clear();
        }
    }

    /// <summary>The outputs of pixels [q0, q1) of the batch (q = sample·h·w + pixel).</summary>
    private static void Pixels(
        float* x, float* weightsT, int* offsets, int depth, int stride, float* y, int q0, int q1, int cin, int cout, int h, int w, int k)
    {
        var pad = (k - 1) / 2;
        var wp = w + 2 * pad;
        var planeSize = (h + 2 * pad) * wp;
        var sampleSize = (cin + 1) * planeSize;
        var pixels = h * w;
        var first = q0 / pixels;
        var samples = ((q1 - 1) / pixels) - first + 1;
        var count = q1 - q0;
        var padded = s_padded.Get((long)samples * sampleSize);
        var yT = s_transposed.Get((long)count * stride);
        var positions = (int*)s_positions.Get(count);
        for (var j = 0; j < samples; j++)
        {
            IndirectConvolution.PadWithOnes(x + ((long)(first + j) * cin * pixels), cin, h, w, pad, padded + ((long)j * sampleSize));
        }

        for (var i = 0; i < count; i++)
        {
            var q = q0 + i;
            var p = q % pixels;
            positions[i] = ((q / pixels) - first) * sampleSize + (p / w * wp) + (p % w);
        }

        new Span<float>(yT, count * stride).Clear();
        var p6 = stackalloc float*[TilePixels];
        for (var co0 = 0; co0 < stride; co0 += ChannelTiles.Wide)
        {
            var wide = stride - co0 >= ChannelTiles.Wide;
            for (var tap0 = 0; tap0 < depth; tap0 += TapBlock)
            {
                var tapCount = Math.Min(TapBlock, depth - tap0);
                var block = weightsT + ((long)tap0 * stride) + co0;
                for (var i0 = 0; i0 < count; i0 += TilePixels)
                {
                    // Pixels past the end repeat the last one; their sums are computed and dropped.
                    var rows = Math.Min(TilePixels, count - i0);
                    for (var j = 0; j < TilePixels; j++)
                    {
                        p6[j] = padded + positions[i0 + Math.Min(j, rows - 1)];
                    }

                    var outRows = yT + ((long)i0 * stride) + co0;
                    if (wide)
                    {
                        ChannelTiles.AccumulateWide(block, stride, offsets + tap0, tapCount, p6, outRows, stride, rows);
                    }
                    else
                    {
                        for (var c = co0; c < stride; c += ChannelTiles.Lanes)
                        {
                            ChannelTiles.AccumulateNarrow(block + (c - co0), stride, offsets + tap0, tapCount, p6, outRows + (c - co0), stride, rows);
                        }
                    }
                }
            }
        }

        for (var i = 0; i < count; i++)
        {
            var q = q0 + i;
            var dst = y + ((long)(q / pixels) * cout * pixels) + (q % pixels);
            var src = yT + ((long)i * stride);
            for (var co = 0; co < cout; co++)
            {
                dst[(long)co * pixels] = src[co];
            }
        }
    }
}
