namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Stride-1 2-D convolution with a square k×k kernel (k odd) and "same" padding (k−1)/2, on contiguous
/// NCHW float32 tensors with OIHW weights, lowered onto the SGEMM machinery as implicit GEMMs: the
/// unfolded (im2col) operand is packed straight from the image into the GEMM's panels, so it never exists
/// as a matrix, and the bias rides along as one more column of the weights.
/// </summary>
internal static unsafe class Conv2dKernels
{
    /// <summary>Below this many multiply-adds a call runs on the calling thread alone.</summary>
    internal const long ParallelThreshold = 64 * 64 * 64;

    [ThreadStatic]
    private static NativeScratch s_flippedWeights;

    [ThreadStatic]
    private static NativeScratch s_partialGradients;

    [ThreadStatic]
    private static NativeScratch s_batchOutput;

    /// <summary>Images of fewer pixels than this are convolved as one GEMM over the whole batch (a GEMM per image would be too narrow).</summary>
    internal const int BatchedBelow = 256;

    /// <summary>y[n, cout, h, wd] = conv(x[n, cin, h, wd], w[cout, cin, k, k]) + bias[cout]; y is overwritten.</summary>
    public static void Forward(float* x, float* w, float* bias, float* y, int n, int cin, int cout, int h, int wd, int k)
    {
        Validate(n, cin, cout, h, wd, k);
        Convolve(x, w, bias, y, n, cin, cout, h, wd, k);
    }

    /// <summary>
    /// dx[n, cin, h, wd] = ∂⟨dy, conv(x, w)⟩/∂x; dx is overwritten. For stride 1 and symmetric padding this
    /// is the forward convolution of dy with the weights transposed (in↔out) and rotated by 180°; with one input
    /// channel that GEMM would have a single row, so <see cref="SingleChannelBackwardData"/> runs it directly, and
    /// small images go through <see cref="BroadcastConvolution"/>, which reads the rotation while transposing.
    /// </summary>
    public static void BackwardData(float* dy, float* w, float* dx, int n, int cin, int cout, int h, int wd, int k)
    {
        Validate(n, cin, cout, h, wd, k);
        if (SingleChannelBackwardData.Applies(cin, wd, k))
        {
            SingleChannelBackwardData.Run(dy, w, dx, n, cout, h, wd);
            return;
        }

        if (SmallOnChannelVectors(h * wd))
        {
            BroadcastConvolution.Forward(dy, w, null, dx, n, cout, cin, h, wd, k, WorkersFor((long)n * h * wd * cout * cin * k * k), transposed: true);
            return;
        }

        var taps = k * k;
        var flipped = s_flippedWeights.Get((long)cin * cout * taps);
        for (var co = 0; co < cout; co++)
        {
            for (var ci = 0; ci < cin; ci++)
            {
                var src = w + ((long)co * cin + ci) * taps;
                var dst = flipped + ((long)ci * cout + co) * taps;
                for (var t = 0; t < taps; t++)
                {
                    dst[t] = src[taps - 1 - t];
                }
            }
        }

        Convolve(dy, flipped, null, dx, n, cout, cin, h, wd, k);
    }

    /// <summary>
    /// dw[cout, cin, k, k] = Σ over the batch of ∂⟨dy, conv(x, w)⟩/∂w and dbias[cout] = Σ dy over batch and
    /// pixels (skipped when dbias is null); both are overwritten.
    /// </summary>
    /// <remarks>
    /// dw = dy·unfold(x)ᵀ summed over every pixel of every sample, with a column of ones appended to
    /// unfold(x)ᵀ so that the last column of the product is dbias: with vectors along the output channels
    /// (<see cref="BroadcastWeightGradient"/>, the cores splitting the taps) when there are at least 64 of them or
    /// the image rows are short, else in place by dot products (<see cref="DirectWeightGradient"/>) where the
    /// image rows allow, else as one packed GEMM. At 256 px the 64² and 32² layers with 64 and 128 output channels
    /// ran at 198–220 GFLOP/s by dot products and at 238–318 with channel vectors. In the last two ways each core
    /// takes a contiguous share of the pixels into its own partial sum; the partial sums are then added in a fixed
    /// order, so the result does not depend on thread timing.
    /// </remarks>
    public static void BackwardWeight(float* dy, float* x, float* dw, float* dbias, int n, int cin, int cout, int h, int wd, int k)
    {
        Validate(n, cin, cout, h, wd, k);
        var pixels = h * wd;
        var taps = cin * k * k;
        var depth = dbias == null ? taps : taps + 1;
        var total = (long)n * pixels;
        var workers = WorkersFor(total * cout * taps);
        var slot = (long)cout * depth;
        var partials = s_partialGradients.Get(slot * workers);
        if ((!DirectWeightGradient.Applies(wd) || cout >= ChannelTiles.Wide) && BroadcastWeightGradient.Applies(cout))
        {
            var tiles = BroadcastWeightGradient.Tiles(depth);
            workers = Math.Min(workers, tiles);
            RunWorkers(workers, t => BroadcastWeightGradient.Run(
                dy, x, partials, depth, tiles * t / workers, tiles * (t + 1) / workers, n, cin, cout, h, wd, k));
            for (var co = 0; co < cout; co++)
            {
                for (var r = 0; r < taps; r++)
                {
                    dw[(long)co * taps + r] = partials[(long)r * cout + co];
                }

                if (dbias != null)
                {
                    dbias[co] = partials[(long)taps * cout + co];
                }
            }

            return;
        }

        if (DirectWeightGradient.Applies(wd))
        {
            var items = DirectWeightGradient.Items(n, h, wd);
            workers = Math.Min(workers, items);
            RunWorkers(workers, t =>
            {
                var partial = partials + t * slot;
                new Span<float>(partial, (int)slot).Clear();
                DirectWeightGradient.Accumulate(dy, x, partial, depth, items * t / workers, items * (t + 1) / workers, cin, cout, h, wd, k);
            });
        }
        else
        {
            RunWorkers(workers, t =>
            {
                var q0 = total * t / workers;
                var q1 = total * (t + 1) / workers;
                Sgemm.MultiplyPacked(
                    new BatchGradientA(dy, cout, pixels, q0),
                    new UnfoldedBatchTransposedB(x, cin, h, wd, k, q0),
                    cout, depth, (int)(q1 - q0), 1f, 0f, partials + t * slot, depth);
            });
        }

        for (var co = 0; co < cout; co++)
        {
            for (var r = 0; r < depth; r++)
            {
                var sum = 0f;
                for (var t = 0; t < workers; t++)
                {
                    sum += partials[t * slot + co * depth + r];
                }

                if (r < taps)
                {
                    dw[(long)co * taps + r] = sum;
                }
                else
                {
                    dbias[co] = sum;
                }
            }
        }
    }

    /// <summary>
    /// The forward convolution as one implicit GEMM per sample, y_s = [w | bias]·[unfold(x_s); 1], read in
    /// place from a padded copy (<see cref="IndirectConvolution"/>) where the image rows allow, else packed
    /// from the image. When the batch does not divide among the cores, each sample's pixels are split among
    /// them instead; images of fewer than <see cref="BatchedBelow"/> pixels go through
    /// <see cref="BroadcastConvolution"/> on AVX-512, else through one GEMM for the batch.
    /// </summary>
    private static void Convolve(float* x, float* w, float* bias, float* y, int n, int cin, int cout, int h, int wd, int k)
    {
        var pixels = h * wd;
        var taps = cin * k * k;
        var depth = bias == null ? taps : taps + 1;
        var workers = WorkersFor((long)n * pixels * cout * taps);
        if (SmallOnChannelVectors(pixels))
        {
            BroadcastConvolution.Forward(x, w, bias, y, n, cin, cout, h, wd, k, workers);
            return;
        }

        if (pixels < BatchedBelow && n > 1)
        {
            ConvolveBatch(x, w, bias, y, n, cin, cout, h, wd, k, workers);
            return;
        }

        var splits = n % workers == 0 ? 1 : workers;
        var columns = ((pixels + splits - 1) / splits + 31) / 32 * 32;
        var indirect = IndirectConvolution.Applies(h, wd);
        var items = n * splits;
        RunWorkers(workers, t =>
        {
            for (var item = items * t / workers; item < items * (t + 1) / workers; item++)
            {
                var sample = item / splits;
                var p0 = item % splits * columns;
                var p1 = Math.Min(pixels, p0 + columns);
                if (p0 >= p1)
                {
                    continue;
                }

                if (indirect)
                {
                    IndirectConvolution.Forward(
                        x + (long)sample * cin * pixels, w, bias, y + (long)sample * cout * pixels, cin, cout, h, wd, k, p0, p1);
                }
                else
                {
                    Sgemm.MultiplyPacked(
                        new ConvWeightsA(w, taps, bias),
                        new UnfoldedImageB(x + (long)sample * cin * pixels, cin, h, wd, k, p0),
                        cout, p1 - p0, depth, 1f, 0f, y + (long)sample * cout * pixels + p0, pixels);
                }
            }
        });
    }

    /// <summary>
    /// Small images: one GEMM whose columns run over every pixel of every image, [w | bias]·[unfold(x); 1] into a
    /// cout × (n·pixels) buffer, split by columns among the cores, then copied out image by image.
    /// </summary>
    private static void ConvolveBatch(float* x, float* w, float* bias, float* y, int n, int cin, int cout, int h, int wd, int k, int workers)
    {
        var pixels = h * wd;
        var taps = cin * k * k;
        var depth = bias == null ? taps : taps + 1;
        var total = n * pixels;
        var output = s_batchOutput.Get((long)cout * total);
        var columns = ((total + workers - 1) / workers + 31) / 32 * 32;
        RunWorkers(workers, t =>
        {
            var q0 = Math.Min(total, t * columns);
            var q1 = Math.Min(total, q0 + columns);
            if (q0 < q1)
            {
                Sgemm.MultiplyPacked(new ConvWeightsA(w, taps, bias), new UnfoldedImageB(x, cin, h, wd, k, q0), cout, q1 - q0, depth, 1f, 0f, output + q0, total);
            }
        });
        var bytes = (long)pixels * sizeof(float);
        for (var s = 0; s < n; s++)
        {
            for (var co = 0; co < cout; co++)
            {
                Buffer.MemoryCopy(output + ((long)co * total) + ((long)s * pixels), y + (((long)s * cout) + co) * pixels, bytes, bytes);
            }
        }
    }

    /// <summary>Whether images of this many pixels take <see cref="BroadcastConvolution"/> (forward and input gradient).</summary>
    private static bool SmallOnChannelVectors(int pixels) => pixels < BatchedBelow && BroadcastConvolution.Applies;

    private static int WorkersFor(long multiplyAdds) => multiplyAdds >= ParallelThreshold ? Environment.ProcessorCount : 1;

    private static void RunWorkers(int workers, Action<int> body)
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

    private static void Validate(int n, int cin, int cout, int h, int wd, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cin);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wd);
        if (k <= 0 || k % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "The kernel size must be odd and positive.");
        }
    }
}
