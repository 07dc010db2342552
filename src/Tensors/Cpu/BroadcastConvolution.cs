using System.Runtime.Intrinsics;

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
    internal const int Lanes = 16;
    internal const int TilePixels = 6;

    /// <summary>Output channels in a wide tile: four vectors, 24 accumulators.</summary>
    internal const int WideTile = 4 * Lanes;

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
        var stride = (cout + Lanes - 1) / Lanes * Lanes;
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
        for (var co0 = 0; co0 < stride; co0 += WideTile)
        {
            var wide = stride - co0 >= WideTile;
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
                        Wide(block, stride, offsets + tap0, tapCount, p6, outRows, rows);
                    }
                    else
                    {
                        for (var c = co0; c < stride; c += Lanes)
                        {
                            Narrow(block + (c - co0), stride, offsets + tap0, tapCount, p6, outRows + (c - co0), rows);
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

    /// <summary>yT rows (up to six pixels) [0..64) += Σ over the block's taps of x(tap, pixel)·wᵀ[tap, 0..64).</summary>
    private static void Wide(float* wT, int stride, int* offsets, int taps, float** p6, float* yT, int rows)
    {
        float* p0 = p6[0], p1 = p6[1], p2 = p6[2], p3 = p6[3], p4 = p6[4], p5 = p6[5];
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c24 = default, c25 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default, c34 = default, c35 = default;
        for (var t = 0; t < taps; t++)
        {
            var a = wT + ((long)t * stride);
            var a0 = Vector512.Load(a);
            var a1 = Vector512.Load(a + Lanes);
            var a2 = Vector512.Load(a + (2 * Lanes));
            var a3 = Vector512.Load(a + (3 * Lanes));
            var o = offsets[t];
            var b = Vector512.Create(p0[o]);
            c00 = Vector512.FusedMultiplyAdd(a0, b, c00);
            c10 = Vector512.FusedMultiplyAdd(a1, b, c10);
            c20 = Vector512.FusedMultiplyAdd(a2, b, c20);
            c30 = Vector512.FusedMultiplyAdd(a3, b, c30);
            b = Vector512.Create(p1[o]);
            c01 = Vector512.FusedMultiplyAdd(a0, b, c01);
            c11 = Vector512.FusedMultiplyAdd(a1, b, c11);
            c21 = Vector512.FusedMultiplyAdd(a2, b, c21);
            c31 = Vector512.FusedMultiplyAdd(a3, b, c31);
            b = Vector512.Create(p2[o]);
            c02 = Vector512.FusedMultiplyAdd(a0, b, c02);
            c12 = Vector512.FusedMultiplyAdd(a1, b, c12);
            c22 = Vector512.FusedMultiplyAdd(a2, b, c22);
            c32 = Vector512.FusedMultiplyAdd(a3, b, c32);
            b = Vector512.Create(p3[o]);
            c03 = Vector512.FusedMultiplyAdd(a0, b, c03);
            c13 = Vector512.FusedMultiplyAdd(a1, b, c13);
            c23 = Vector512.FusedMultiplyAdd(a2, b, c23);
            c33 = Vector512.FusedMultiplyAdd(a3, b, c33);
            b = Vector512.Create(p4[o]);
            c04 = Vector512.FusedMultiplyAdd(a0, b, c04);
            c14 = Vector512.FusedMultiplyAdd(a1, b, c14);
            c24 = Vector512.FusedMultiplyAdd(a2, b, c24);
            c34 = Vector512.FusedMultiplyAdd(a3, b, c34);
            b = Vector512.Create(p5[o]);
            c05 = Vector512.FusedMultiplyAdd(a0, b, c05);
            c15 = Vector512.FusedMultiplyAdd(a1, b, c15);
            c25 = Vector512.FusedMultiplyAdd(a2, b, c25);
            c35 = Vector512.FusedMultiplyAdd(a3, b, c35);
        }

        // Written out one row at a time: gathering the accumulators into an array would make the JIT keep them
        // on the stack through the loop.
        VectorRows.Add(yT, c00, c10, c20, c30);
        if (rows > 1)
        {
            VectorRows.Add(yT + stride, c01, c11, c21, c31);
        }

        if (rows > 2)
        {
            VectorRows.Add(yT + (2L * stride), c02, c12, c22, c32);
        }

        if (rows > 3)
        {
            VectorRows.Add(yT + (3L * stride), c03, c13, c23, c33);
        }

        if (rows > 4)
        {
            VectorRows.Add(yT + (4L * stride), c04, c14, c24, c34);
        }

        if (rows > 5)
        {
            VectorRows.Add(yT + (5L * stride), c05, c15, c25, c35);
        }
    }

    /// <summary>yT rows (up to six pixels) [0..16) += Σ over the block's taps of x(tap, pixel)·wᵀ[tap, 0..16).</summary>
    private static void Narrow(float* wT, int stride, int* offsets, int taps, float** p6, float* yT, int rows)
    {
        float* p0 = p6[0], p1 = p6[1], p2 = p6[2], p3 = p6[3], p4 = p6[4], p5 = p6[5];
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (var t = 0; t < taps; t++)
        {
            var a = Vector512.Load(wT + ((long)t * stride));
            var o = offsets[t];
            c0 = Vector512.FusedMultiplyAdd(a, Vector512.Create(p0[o]), c0);
            c1 = Vector512.FusedMultiplyAdd(a, Vector512.Create(p1[o]), c1);
            c2 = Vector512.FusedMultiplyAdd(a, Vector512.Create(p2[o]), c2);
            c3 = Vector512.FusedMultiplyAdd(a, Vector512.Create(p3[o]), c3);
            c4 = Vector512.FusedMultiplyAdd(a, Vector512.Create(p4[o]), c4);
            c5 = Vector512.FusedMultiplyAdd(a, Vector512.Create(p5[o]), c5);
        }

        VectorRows.Add(yT, c0);
        if (rows > 1)
        {
            VectorRows.Add(yT + stride, c1);
        }

        if (rows > 2)
        {
            VectorRows.Add(yT + (2L * stride), c2);
        }

        if (rows > 3)
        {
            VectorRows.Add(yT + (3L * stride), c3);
        }

        if (rows > 4)
        {
            VectorRows.Add(yT + (4L * stride), c4);
        }

        if (rows > 5)
        {
            VectorRows.Add(yT + (5L * stride), c5);
        }
    }
}
