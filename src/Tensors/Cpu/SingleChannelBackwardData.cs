using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The input gradient of a 3×3 convolution with one input channel (the network's first layer, which the saliency
/// map needs every step): dx[n, y, x] = Σ_co Σ_ky Σ_kx w[co, 0, ky, kx]·dy[n, co, y + 1 − ky, x + 1 − kx], read from a
/// copy of each image's dy with a zero column on either side, eight pixels per vector and eight vectors per block so
/// that the FMA units stay busy. As a GEMM it would have a single row, which the packed kernels cannot fill. Each
/// pixel's sum runs over (co, ky, kx) in that order.
/// </summary>
internal static unsafe class SingleChannelBackwardData
{
    private const int Lanes = 8;
    private const int Block = 8 * Lanes;

    [ThreadStatic]
    private static NativeScratch s_padded;

    /// <summary>Whether <see cref="Run"/> applies: one input channel, a 3×3 kernel, rows of whole vectors, AVX2 and FMA.</summary>
    public static bool Applies(int cin, int wd, int k) => cin == 1 && k == 3 && wd % Lanes == 0 && Avx.IsSupported && Fma.IsSupported;

    public static void Run(float* dy, float* w, float* dx, int n, int cout, int h, int wd)
    {
        var plane = (long)h * wd;
        var wp = wd + 2;
        var paddedPlane = (long)h * wp;
        CpuParallel.For(n, 1, (s, e) =>
        {
            // Slack after the last row: the last block of a row may read past it (into lanes it does not store).
            var padded = s_padded.Get((cout * paddedPlane) + Block + Lanes);
            for (var image = s; image < e; image++)
            {
                for (var row = 0L; row < cout * h; row++)
                {
                    var dst = padded + (row * wp);
                    dst[0] = 0f;
                    Buffer.MemoryCopy(dy + (image * cout * plane) + (row * wd), dst + 1, wd * sizeof(float), wd * sizeof(float));
                    dst[wd + 1] = 0f;
                }
                for (var y = 0; y < h; y++)
                {
                    for (var x0 = 0; x0 < wd; x0 += Block)
                    {
                        RowBlock(padded, w, dx + (image * plane) + ((long)y * wd) + x0, cout, h, wd, paddedPlane, y, x0);
                    }
                }
            }
        });
    }

    /// <summary>Up to 64 pixels of one output row, from x0.</summary>
    private static void RowBlock(float* padded, float* w, float* dxRow, int cout, int h, int wd, long paddedPlane, int y, int x0)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        var wp = wd + 2;
        for (var co = 0; co < cout; co++)
        {
            for (var ky = 0; ky < 3; ky++)
            {
                var sy = y + 1 - ky;
                if (sy < 0 || sy >= h) continue;
                // Padded column x + 1 holds column x, so tap kx reads from padded column x0 + 2 − kx.
                var row = padded + (co * paddedPlane) + ((long)sy * wp) + x0 + 2;
                for (var kx = 0; kx < 3; kx++)
                {
                    var weight = Vector256.Create(w[(co * 9) + (ky * 3) + kx]);
                    var p = row - kx;
                    a0 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p), a0);
                    a1 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p + 8), a1);
                    a2 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p + 16), a2);
                    a3 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p + 24), a3);
                    a4 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p + 32), a4);
                    a5 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p + 40), a5);
                    a6 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p + 48), a6);
                    a7 = Fma.MultiplyAdd(weight, Avx.LoadVector256(p + 56), a7);
                }
            }
        }
        var vectors = Math.Min(Block, wd - x0) / Lanes;
        a0.Store(dxRow);
        if (vectors > 1) a1.Store(dxRow + 8);
        if (vectors > 2) a2.Store(dxRow + 16);
        if (vectors > 3) a3.Store(dxRow + 24);
        if (vectors > 4) a4.Store(dxRow + 32);
        if (vectors > 5) a5.Store(dxRow + 40);
        if (vectors > 6) a6.Store(dxRow + 48);
        if (vectors > 7) a7.Store(dxRow + 56);
    }
}
