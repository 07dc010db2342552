namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Stride-1 2-D convolution with a square k×k kernel (k odd) and "same" padding (k−1)/2, on contiguous
/// NCHW float32 tensors with OIHW weights, lowered onto <see cref="Sgemm"/>. The output pixels of the batch
/// are cut into chunks (a sample and a run of its pixels); each chunk is unfolded (im2col) into a small
/// cached buffer and multiplied, and the chunks are shared among the cores.
/// </summary>
public static unsafe class Conv2dKernels
{
    /// <summary>Below this many multiply-adds a call runs on the calling thread alone.</summary>
    internal const long ParallelThreshold = 64 * 64 * 64;

    /// <summary>How many floats an unfolded chunk may take, so that it stays in L2 while the GEMM reads it.</summary>
    internal const int ChunkBudget = 128 * 1024;

    [ThreadStatic]
    private static NativeScratch _unfolded;

    [ThreadStatic]
    private static NativeScratch _flippedWeights;

    [ThreadStatic]
    private static NativeScratch _partialGradients;

    /// <summary>y[n, cout, h, wd] = conv(x[n, cin, h, wd], w[cout, cin, k, k]) + bias[cout]; y is overwritten.</summary>
    public static void Forward(float* x, float* w, float* bias, float* y, int n, int cin, int cout, int h, int wd, int k)
    {
        Validate(n, cin, cout, h, wd, k);
        Convolve(x, w, bias, y, n, cin, cout, h, wd, k);
    }

    /// <summary>
    /// dx[n, cin, h, wd] = ∂⟨dy, conv(x, w)⟩/∂x; dx is overwritten. For stride 1 and symmetric padding this
    /// is the forward convolution of dy with the weights transposed (in↔out) and rotated by 180°.
    /// </summary>
    public static void BackwardData(float* dy, float* w, float* dx, int n, int cin, int cout, int h, int wd, int k)
    {
        Validate(n, cin, cout, h, wd, k);
        var taps = k * k;
        var flipped = _flippedWeights.Get((long)cin * cout * taps);
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
    public static void BackwardWeight(float* dy, float* x, float* dw, float* dbias, int n, int cin, int cout, int h, int wd, int k)
    {
        Validate(n, cin, cout, h, wd, k);
        var pixels = h * wd;
        var rows = cin * k * k;
        var chunking = Chunking.For(n, pixels, rows, (long)cout * rows * pixels);

        // Each worker sums its chunks into its own slot (dw then dbias), and the slots are added in order
        // afterwards, so the result does not depend on which thread ran first.
        var slot = (long)cout * rows + cout;
        var partials = _partialGradients.Get(slot * chunking.Workers);
        Chunking.Run(chunking, (first, end, worker) =>
        {
            var dwPart = partials + worker * slot;
            var dbiasPart = dwPart + (long)cout * rows;
            new Span<float>(dwPart, (int)slot).Clear();
            var col = k == 1 ? null : _unfolded.Get((long)rows * chunking.Columns);
            for (var item = first; item < end; item++)
            {
                var (sample, p0, p1) = chunking.Item(item);
                var dySample = dy + (long)sample * cout * pixels;
                var xSample = x + (long)sample * cin * pixels;
                float* b;
                int ldb;
                if (k == 1)
                {
                    b = xSample + p0;
                    ldb = pixels;
                }
                else
                {
                    Im2Col.Unfold(xSample, cin, h, wd, k, p0, p1, col);
                    b = col;
                    ldb = p1 - p0;
                }

                Sgemm.MultiplyOnThisThread(false, true, cout, rows, p1 - p0, 1f, dySample + p0, pixels, b, ldb, 1f, dwPart, rows);
                if (dbias != null)
                {
                    for (var co = 0; co < cout; co++)
                    {
                        dbiasPart[co] += Sum(dySample + (long)co * pixels + p0, p1 - p0);
                    }
                }
            }
        });

        var weights = (long)cout * rows;
        new Span<float>(dw, (int)weights).Clear();
        if (dbias != null)
        {
            new Span<float>(dbias, cout).Clear();
        }

        for (var worker = 0; worker < chunking.Workers; worker++)
        {
            var dwPart = partials + worker * slot;
            Add(dwPart, dw, weights);
            if (dbias != null)
            {
                Add(dwPart + weights, dbias, cout);
            }
        }
    }

    private static void Convolve(float* x, float* w, float* bias, float* y, int n, int cin, int cout, int h, int wd, int k)
    {
        var pixels = h * wd;
        var rows = cin * k * k;
        var chunking = Chunking.For(n, pixels, rows, (long)cout * rows * pixels);
        Chunking.Run(chunking, (first, end, worker) =>
        {
            var col = k == 1 ? null : _unfolded.Get((long)rows * chunking.Columns);
            for (var item = first; item < end; item++)
            {
                var (sample, p0, p1) = chunking.Item(item);
                var xSample = x + (long)sample * cin * pixels;
                var ySample = y + (long)sample * cout * pixels;
                float* b;
                int ldb;
                if (k == 1)
                {
                    b = xSample + p0;
                    ldb = pixels;
                }
                else
                {
                    Im2Col.Unfold(xSample, cin, h, wd, k, p0, p1, col);
                    b = col;
                    ldb = p1 - p0;
                }

                Sgemm.MultiplyOnThisThread(false, false, cout, p1 - p0, rows, 1f, w, rows, b, ldb, 0f, ySample + p0, pixels);
                if (bias != null)
                {
                    for (var co = 0; co < cout; co++)
                    {
                        AddScalar(ySample + (long)co * pixels + p0, p1 - p0, bias[co]);
                    }
                }
            }
        });
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

    private static float Sum(float* values, int count)
    {
        var sum = 0f;
        foreach (var v in new ReadOnlySpan<float>(values, count))
        {
            sum += v;
        }

        return sum;
    }

    private static void AddScalar(float* values, int count, float addend)
    {
        var span = new Span<float>(values, count);
        for (var i = 0; i < span.Length; i++)
        {
            span[i] += addend;
        }
    }

    private static void Add(float* source, float* destination, long count)
    {
        for (long i = 0; i < count; i++)
        {
            destination[i] += source[i];
        }
    }

    /// <summary>How the output pixels of a batch are cut into chunks and the chunks shared among workers.</summary>
    private readonly struct Chunking
    {
        private readonly int _pixels;
        private readonly int _chunksPerSample;

        private Chunking(int pixels, int columns, int chunksPerSample, int items, int workers)
        {
            _pixels = pixels;
            _chunksPerSample = chunksPerSample;
            Columns = columns;
            Items = items;
            Workers = workers;
        }

        /// <summary>The most output pixels in one chunk.</summary>
        public int Columns { get; }

        public int Items { get; }

        public int Workers { get; }

        public static Chunking For(int n, int pixels, int rows, long multiplyAddsPerSample)
        {
            // A chunk is a multiple of 64 pixels (whole micro-tiles) sized to the unfold budget.
            var columns = Math.Min(pixels, Math.Max(64, ChunkBudget / rows / 64 * 64));
            var chunksPerSample = (pixels + columns - 1) / columns;
            var items = n * chunksPerSample;
            var workers = multiplyAddsPerSample * n >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, items) : 1;
            return new Chunking(pixels, columns, chunksPerSample, items, workers);
        }

        /// <summary>Runs body(firstItem, endItem, worker) for a contiguous share of the items per worker.</summary>
        public static void Run(Chunking chunking, Action<int, int, int> body)
        {
            if (chunking.Workers == 1)
            {
                body(0, chunking.Items, 0);
                return;
            }

            var items = chunking.Items;
            var workers = chunking.Workers;
            Parallel.For(0, workers, t => body((int)((long)items * t / workers), (int)((long)items * (t + 1) / workers), t));
        }

        public (int Sample, int P0, int P1) Item(int item)
        {
            var sample = item / _chunksPerSample;
            var p0 = item % _chunksPerSample * Columns;
            return (sample, p0, Math.Min(_pixels, p0 + Columns));
        }
    }
}
