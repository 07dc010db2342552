namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The forward convolution of one image on AVX-512 when its rows are whole multiples of the 32-wide tile
/// (or exactly half of it): the image is copied once into a zero-padded buffer, after which the unfolded row
/// of tap (c, ky, kx) for 32 consecutive output pixels is simply 32 consecutive floats of that buffer (or two
/// runs of 16, one padded row apart). The micro-kernel reads them
/// there through a table of per-tap offsets, so the unfolded operand is neither built nor packed. A plane of
/// ones after the image's channels serves as the bias row.
/// </summary>
internal static unsafe class IndirectConvolution
{
    internal const int Tile = 32;

    [ThreadStatic]
    private static NativeScratch s_padded;

    [ThreadStatic]
    private static NativeScratch s_offsets;

    [ThreadStatic]
    private static NativeScratch s_packedWeights;

    /// <summary>
    /// Whether <see cref="Forward"/> can run for images of h×w on this machine: a 32-pixel tile must be one
    /// run of a row, or two whole rows of 16.
    /// </summary>
    public static bool Applies(int h, int w) =>
        (w % Tile == 0 || (w == Tile / 2 && h % 2 == 0)) && Sgemm.BestKernel == SgemmKernel.Avx512;

    /// <summary>
    /// y[:, p0..p1) = [weights | bias]·[unfold(x); 1] for one image x [cin, h, w] and its output y [cout, h, w];
    /// p0 and p1 are multiples of 32 (or p1 = h·w).
    /// </summary>
    public static void Forward(float* x, float* weights, float* bias, float* y, int cin, int cout, int h, int w, int k, int p0, int p1)
    {
        var pad = (k - 1) / 2;
        var wp = w + 2 * pad;
        var planeSize = (long)(h + 2 * pad) * wp;
        var taps = cin * k * k;
        var depth = bias == null ? taps : taps + 1;
        var padded = s_padded.Get(planeSize * (cin + 1));
        PadWithOnes(x, cin, h, w, pad, padded);

        var offsets = (int*)s_offsets.Get(depth);
        for (var t = 0; t < taps; t++)
        {
            var c = t / (k * k);
            offsets[t] = (int)(c * planeSize) + t % (k * k) / k * wp + t % k;
        }

        if (depth > taps)
        {
            offsets[taps] = (int)(cin * planeSize);
        }

        var blocking = SgemmBlocking.For(SgemmKernel.Avx512);
        var mr = blocking.Mr;
        var packed = s_packedWeights.Get((long)Math.Min(blocking.Mc, (cout + mr - 1) / mr * mr) * Math.Min(blocking.Kc, depth));
        var weightsA = new ConvWeightsA(weights, taps, bias);
        var pixels = h * w;
        var edge = stackalloc float[SgemmBlocking.MaxTile];
        var secondHalf = w == Tile / 2 ? wp : Tile / 2;
        for (var pc = 0; pc < depth; pc += blocking.Kc)
        {
            var kc = Math.Min(blocking.Kc, depth - pc);
            var beta = pc == 0 ? 0f : 1f;
            for (var ic = 0; ic < cout; ic += blocking.Mc)
            {
                var mc = Math.Min(blocking.Mc, cout - ic);
                weightsA.Pack(ic, mc, pc, kc, mr, packed);
                for (var pixel = p0; pixel < p1; pixel += Tile)
                {
                    var oy = pixel / w;
                    var origin = padded + (long)oy * wp + (pixel - oy * w);
                    for (var ir = 0; ir < mc; ir += mr)
                    {
                        var panel = packed + (long)ir * kc;
                        var tile = y + (long)(ic + ir) * pixels + pixel;
                        if (mc - ir >= mr)
                        {
                            SgemmMicroKernels.Avx512x8x32Indirect(kc, panel, origin, offsets + pc, secondHalf, tile, pixels, 1f, beta);
                        }
                        else
                        {
                            SgemmMicroKernels.Avx512x8x32Indirect(kc, panel, origin, offsets + pc, secondHalf, edge, Tile, 1f, 0f);
                            Sgemm.MergeEdge(edge, Tile, tile, pixels, mc - ir, Tile, 1f, beta);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies [channels, h, w] into [channels + 1, h+2·pad, w+2·pad]: each channel with a border of zeros,
    /// then one plane of ones (the bias row of the unfolding).
    /// </summary>
    public static void PadWithOnes(float* x, int channels, int h, int w, int pad, float* padded)
    {
        var planeSize = (h + 2 * pad) * (w + 2 * pad);
        Pad(x, channels, h, w, pad, padded);
        new Span<float>(padded + (long)channels * planeSize, planeSize).Fill(1f);
    }

    private static void Pad(float* x, int channels, int h, int w, int pad, float* padded)
    {
        var wp = w + 2 * pad;
        var bytes = (long)w * sizeof(float);
        for (var c = 0; c < channels; c++)
        {
            var dst = padded + (long)c * (h + 2 * pad) * wp;
            new Span<float>(dst, pad * wp + pad).Clear();
            for (var row = 0; row < h; row++)
            {
                var d = dst + (long)(row + pad) * wp + pad;
                Buffer.MemoryCopy(x + ((long)c * h + row) * w, d, bytes, bytes);
                new Span<float>(d + w, 2 * pad).Clear();
            }

            new Span<float>(dst + (long)(h + pad) * wp + pad, pad * wp - pad).Clear();
        }
    }
}
