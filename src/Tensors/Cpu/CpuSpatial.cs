namespace MultiMix.Tensors.Cpu;

/// <summary>Max pooling and bilinear resampling, parallel over planes.</summary>
internal static unsafe class CpuSpatial
{
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
                    for (var j = 0; j < wo; j++)
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

    public static void MaxPool2x2Backward(float* dy, int* argmax, float* dx, long planes, int h, int w) =>
        CpuParallel.For(planes, Math.Max(1, 16384 / (h * w)), (s, e) =>
        {
            var outPlane = h / 2 * (w / 2);
            for (var p = s; p < e; p++)
            {
                var dxp = dx + (p * h * w);
                new Span<float>(dxp, h * w).Clear();
                for (var k = 0; k < outPlane; k++) dxp[argmax[(p * outPlane) + k]] += dy[(p * outPlane) + k];
            }
        });

    /// <summary>Source coordinate of output index i for align_corners = true.</summary>
    private static (int I0, int I1, float Frac) Source(int i, int inSize, int outSize)
    {
        if (outSize == 1 || inSize == 1) return (0, 0, 0f);
        var pos = (float)i * (inSize - 1) / (outSize - 1);
        var i0 = Math.Min((int)pos, inSize - 1);
        var i1 = Math.Min(i0 + 1, inSize - 1);
        return (i0, i1, pos - i0);
    }

    public static void ResizeBilinear(float* x, float* y, long planes, int hIn, int wIn, int hOut, int wOut) =>
        CpuParallel.For(planes, Math.Max(1, 16384 / (hOut * wOut)), (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                var xp = x + (p * hIn * wIn);
                var yp = y + (p * hOut * wOut);
                for (var i = 0; i < hOut; i++)
                {
                    var (r0, r1, fy) = Source(i, hIn, hOut);
                    for (var j = 0; j < wOut; j++)
                    {
                        var (c0, c1, fx) = Source(j, wIn, wOut);
                        var top = xp[(r0 * wIn) + c0] + (fx * (xp[(r0 * wIn) + c1] - xp[(r0 * wIn) + c0]));
                        var bottom = xp[(r1 * wIn) + c0] + (fx * (xp[(r1 * wIn) + c1] - xp[(r1 * wIn) + c0]));
                        yp[(i * wOut) + j] = top + (fy * (bottom - top));
                    }
                }
            }
        });

    public static void ResizeBilinearBackward(float* dy, float* dx, long planes, int hIn, int wIn, int hOut, int wOut) =>
        CpuParallel.For(planes, Math.Max(1, 16384 / (hOut * wOut)), (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                var dxp = dx + (p * hIn * wIn);
                var dyp = dy + (p * hOut * wOut);
                new Span<float>(dxp, hIn * wIn).Clear();
                for (var i = 0; i < hOut; i++)
                {
                    var (r0, r1, fy) = Source(i, hIn, hOut);
                    for (var j = 0; j < wOut; j++)
                    {
                        var (c0, c1, fx) = Source(j, wIn, wOut);
                        var g = dyp[(i * wOut) + j];
                        dxp[(r0 * wIn) + c0] += g * (1 - fy) * (1 - fx);
                        dxp[(r0 * wIn) + c1] += g * (1 - fy) * fx;
                        dxp[(r1 * wIn) + c0] += g * fy * (1 - fx);
                        dxp[(r1 * wIn) + c1] += g * fy * fx;
                    }
                }
            }
        });
}
