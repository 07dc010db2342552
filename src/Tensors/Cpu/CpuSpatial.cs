using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Max pooling and bilinear resampling, parallel over planes. Pooling compares 2×2 windows eight at a time with
/// the same first-maximum rule as the scalar code; resampling looks its taps up in tables built once per call and
/// interpolates each input row horizontally once, then each output row vertically in vectors, with the float
/// operations of the textbook formula in the same order (so results are those of the direct evaluation). The
/// resampling's backward spreads gradients one axis at a time, which sums them in another order than the direct
/// four-tap scatter.
/// </summary>
internal static unsafe class CpuSpatial
{
    [ThreadStatic]
    private static NativeScratch s_rows;

    public static void MaxPool2x2(float* x, float* y, int* argmax, long planes, int h, int w) =>
        CpuParallel.For(planes, Math.Max(1, 16384 / (h * w)), (s, e) =>
        {
            int ho = h / 2, wo = w / 2;
            for (var p = s; p < e; p++)
            {
                var xp = x + (p * h * w);
                var yp = y + (p * ho * wo);
                var ap = argmax + (p * ho * wo);
                for (var i = 0; i < ho; i++)
                {
                    var top = xp + (2 * i * w);
                    var j = 0;
                    if (Avx2.IsSupported)
                    {
                        for (; j + 8 <= wo; j += 8)
                        {
                            var (a, b) = Deinterleave(top + (2 * j));
                            var (c, d) = Deinterleave(top + w + (2 * j));
                            var k = Vector256.Create((2 * i * w) + (2 * j)) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
                            var best = a;
                            var index = k;
                            var m = Vector256.GreaterThan(b, best);
                            best = Vector256.ConditionalSelect(m, b, best);
                            index = Vector256.ConditionalSelect(m.AsInt32(), k + Vector256<int>.One, index);
                            m = Vector256.GreaterThan(c, best);
                            best = Vector256.ConditionalSelect(m, c, best);
                            index = Vector256.ConditionalSelect(m.AsInt32(), k + Vector256.Create(w), index);
                            m = Vector256.GreaterThan(d, best);
                            best = Vector256.ConditionalSelect(m, d, best);
                            index = Vector256.ConditionalSelect(m.AsInt32(), k + Vector256.Create(w + 1), index);
                            best.Store(yp + (i * wo) + j);
                            index.Store(ap + (i * wo) + j);
                        }
                    }
                    for (; j < wo; j++)
                    {
                        var k = (2 * i * w) + (2 * j);
                        var best = k;
                        if (xp[k + 1] > xp[best]) best = k + 1;
                        if (xp[k + w] > xp[best]) best = k + w;
                        if (xp[k + w + 1] > xp[best]) best = k + w + 1;
                        yp[(i * wo) + j] = xp[best];
                        ap[(i * wo) + j] = best;
                    }
                }
            }
        });

    /// <summary>The even and the odd elements of the 16 floats at <paramref name="p"/> (AVX2).</summary>
    private static (Vector256<float> Even, Vector256<float> Odd) Deinterleave(float* p)
    {
        var lo = Avx.LoadVector256(p);
        var hi = Avx.LoadVector256(p + 8);
        // Within each 128-bit lane: lo[0], lo[2], hi[0], hi[2] (and the odd ones); then the 64-bit pairs back in order.
        var even = Avx.Shuffle(lo, hi, 0b10_00_10_00);
        var odd = Avx.Shuffle(lo, hi, 0b11_01_11_01);
        return (Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle());
    }

    /// <summary>Each input element belongs to one window, so dx is dy where the window's maximum was and +0 elsewhere.</summary>
    public static void MaxPool2x2Backward(float* dy, int* argmax, float* dx, long planes, int h, int w) =>
        CpuParallel.For(planes, Math.Max(1, 16384 / (h * w)), (s, e) =>
        {
            int ho = h / 2, wo = w / 2;
            for (var p = s; p < e; p++)
            {
                var dxp = dx + (p * h * w);
                var dyp = dy + (p * ho * wo);
                var ap = argmax + (p * ho * wo);
                for (var i = 0; i < ho; i++)
                {
                    var j = 0;
                    if (Avx2.IsSupported)
                    {
                        for (; j + 8 <= wo; j += 8)
                        {
                            var g = Vector256.Load(dyp + (i * wo) + j) + Vector256<float>.Zero;
                            var a = Vector256.Load(ap + (i * wo) + j);
                            var k = Vector256.Create((2 * i * w) + (2 * j)) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
                            Interleave(Pick(a, k, g), Pick(a, k + Vector256<int>.One, g), dxp + (2 * i * w) + (2 * j));
                            Interleave(Pick(a, k + Vector256.Create(w), g), Pick(a, k + Vector256.Create(w + 1), g), dxp + ((2 * i) + 1) * w + (2 * j));
                        }
                    }
                    for (; j < wo; j++)
                    {
                        var k = (2 * i * w) + (2 * j);
                        var g = dyp[(i * wo) + j] + 0f;
                        var a = ap[(i * wo) + j];
                        dxp[k] = a == k ? g : 0f;
                        dxp[k + 1] = a == k + 1 ? g : 0f;
                        dxp[k + w] = a == k + w ? g : 0f;
                        dxp[k + w + 1] = a == k + w + 1 ? g : 0f;
                    }
                }
            }
        });

    /// <summary>g where the window's maximum is at index k, +0 elsewhere.</summary>
    private static Vector256<float> Pick(Vector256<int> argmax, Vector256<int> k, Vector256<float> g) =>
        Vector256.ConditionalSelect(Vector256.Equals(argmax, k).AsSingle(), g, Vector256<float>.Zero);

    /// <summary>Stores even[0], odd[0], even[1], odd[1], … (16 floats) at <paramref name="p"/> (AVX2).</summary>
    private static void Interleave(Vector256<float> even, Vector256<float> odd, float* p)
    {
        var lo = Avx.UnpackLow(even, odd);
        var hi = Avx.UnpackHigh(even, odd);
        Avx.Permute2x128(lo, hi, 0x20).Store(p);
        Avx.Permute2x128(lo, hi, 0x31).Store(p + 8);
    }

    /// <summary>Source taps of output index i for align_corners = true (the float arithmetic of the contract).</summary>
    private static (int I0, int I1, float Frac) Source(int i, int inSize, int outSize)
    {
        if (outSize == 1 || inSize == 1) return (0, 0, 0f);
        var pos = (float)i * (inSize - 1) / (outSize - 1);
        var i0 = Math.Min((int)pos, inSize - 1);
        var i1 = Math.Min(i0 + 1, inSize - 1);
        return (i0, i1, pos - i0);
    }

    /// <summary>
    /// The taps of every output index along one axis, and the same read the other way: for each input index, the
    /// output indices that read it and their weights, in the order a loop over outputs (tap i0, then tap i1) meets them.
    /// </summary>
    private sealed class Taps
    {
        public Taps(int inSize, int outSize)
        {
            I0 = new int[outSize];
            I1 = new int[outSize];
            Frac = new float[outSize];
            var readers = new List<(int Output, float Weight)>[inSize];
            for (var i = 0; i < inSize; i++) readers[i] = [];
            for (var o = 0; o < outSize; o++)
            {
                (I0[o], I1[o], Frac[o]) = Source(o, inSize, outSize);
                readers[I0[o]].Add((o, 1 - Frac[o]));
                readers[I1[o]].Add((o, Frac[o]));
            }
            ReaderStart = new int[inSize + 1];
            for (var i = 0; i < inSize; i++) ReaderStart[i + 1] = ReaderStart[i] + readers[i].Count;
            Reader = [.. readers.SelectMany(r => r.Select(t => t.Output))];
            ReaderWeight = [.. readers.SelectMany(r => r.Select(t => t.Weight))];
        }

        public int[] I0 { get; }

        public int[] I1 { get; }

        public float[] Frac { get; }

        /// <summary>The readers of input index i are entries ReaderStart[i] .. ReaderStart[i + 1] of <see cref="Reader"/> and <see cref="ReaderWeight"/>.</summary>
        public int[] ReaderStart { get; }

        public int[] Reader { get; }

        public float[] ReaderWeight { get; }
    }

    /// <summary>
    /// top = x[r0, c0] + fx·(x[r0, c1] − x[r0, c0]), bottom likewise on row r1, y = top + fy·(bottom − top): each input
    /// row's horizontal interpolation is computed once into a row buffer, then combined vertically eight lanes at a time.
    /// </summary>
    public static void ResizeBilinear(float* x, float* y, long planes, int hIn, int wIn, int hOut, int wOut)
    {
        var rows = new Taps(hIn, hOut);
        var cols = new Taps(wIn, wOut);
        CpuParallel.For(planes, Math.Max(1, 16384 / (hOut * wOut)), (s, e) =>
        {
            var across = s_rows.Get((long)hIn * wOut);
            fixed (int* c0 = cols.I0, c1 = cols.I1)
            fixed (float* fx = cols.Frac)
            {
                for (var p = s; p < e; p++)
                {
                    var xp = x + (p * hIn * wIn);
                    var yp = y + (p * hOut * wOut);
                    for (var r = 0; r < hIn; r++)
                    {
                        var src = xp + ((long)r * wIn);
                        var dst = across + ((long)r * wOut);
                        var j = 0;
                        if (Avx2.IsSupported)
                        {
                            for (; j + 8 <= wOut; j += 8)
                            {
                                var left = Avx2.GatherVector256(src, Vector256.Load(c0 + j), 4);
                                var right = Avx2.GatherVector256(src, Vector256.Load(c1 + j), 4);
                                (left + (Vector256.Load(fx + j) * (right - left))).Store(dst + j);
                            }
                        }
                        for (; j < wOut; j++) dst[j] = src[c0[j]] + (fx[j] * (src[c1[j]] - src[c0[j]]));
                    }
                    for (var i = 0; i < hOut; i++)
                    {
                        var top = across + ((long)rows.I0[i] * wOut);
                        var bottom = across + ((long)rows.I1[i] * wOut);
                        var fy = rows.Frac[i];
                        var yr = yp + ((long)i * wOut);
                        var j = 0;
                        if (Vector256.IsHardwareAccelerated)
                        {
                            var f = Vector256.Create(fy);
                            for (; j + 8 <= wOut; j += 8)
                            {
                                var t = Vector256.Load(top + j);
                                (t + (f * (Vector256.Load(bottom + j) - t))).Store(yr + j);
                            }
                        }
                        for (; j < wOut; j++) yr[j] = top[j] + (fy * (bottom[j] - top[j]));
                    }
                }
            }
        });
    }

    /// <summary>
    /// The transpose of the forward, one axis at a time: dy's rows are spread onto the input rows they came from
    /// (row r0 weighted 1 − fy, row r1 weighted fy; eight lanes at a time), then each input column gathers the
    /// columns that read it (c0 weighted 1 − fx, c1 weighted fx), in ascending output order on both axes.
    /// </summary>
    public static void ResizeBilinearBackward(float* dy, float* dx, long planes, int hIn, int wIn, int hOut, int wOut)
    {
        var rows = new Taps(hIn, hOut);
        var cols = new Taps(wIn, wOut);
        CpuParallel.For(planes, Math.Max(1, 16384 / (hOut * wOut)), (s, e) =>
        {
            var down = s_rows.Get((long)hIn * wOut);
            fixed (int* start = cols.ReaderStart, reader = cols.Reader)
            fixed (float* weight = cols.ReaderWeight)
            {
                for (var p = s; p < e; p++)
                {
                    var dxp = dx + (p * hIn * wIn);
                    var dyp = dy + (p * hOut * wOut);
                    new Span<float>(down, hIn * wOut).Clear();
                    for (var i = 0; i < hOut; i++)
                    {
                        var dyr = dyp + ((long)i * wOut);
                        AddScaled(dyr, 1 - rows.Frac[i], down + ((long)rows.I0[i] * wOut), wOut);
                        AddScaled(dyr, rows.Frac[i], down + ((long)rows.I1[i] * wOut), wOut);
                    }
                    for (var r = 0; r < hIn; r++)
                    {
                        var src = down + ((long)r * wOut);
                        var dst = dxp + ((long)r * wIn);
                        for (var c = 0; c < wIn; c++)
                        {
                            var sum = 0f;
                            for (var t = start[c]; t < start[c + 1]; t++) sum += weight[t] * src[reader[t]];
                            dst[c] = sum;
                        }
                    }
                }
            }
        });
    }

    /// <summary>y[j] += w·x[j] for j &lt; n (a multiply and an add, as the scalar tail does).</summary>
    private static void AddScaled(float* x, float w, float* y, int n)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var wv = Vector256.Create(w);
            for (; j + 8 <= n; j += 8) (Vector256.Load(y + j) + (wv * Vector256.Load(x + j))).Store(y + j);
        }
        for (; j < n; j++) y[j] += w * x[j];
    }
}
