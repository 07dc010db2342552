using System.Numerics.Tensors;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Instance norm (no affine, biased variance) with an optional fused LeakyReLU: one read for the statistics,
/// one pass that normalises and activates. The backward recovers the normalised value from the output
/// (LeakyReLU with a positive slope is invertible), so the input need not be kept.
/// </summary>
internal static unsafe class CpuNormalization
{
    public static void Forward(float* x, float* y, float* mean, float* rstd, long planes, long hw, float eps, float? slope) =>
        CpuParallel.For(planes, Math.Max(1, 8192 / hw), (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                var xs = new ReadOnlySpan<float>(x + (p * hw), (int)hw);
                var ys = new Span<float>(y + (p * hw), (int)hw);
                double sum = 0;
                foreach (var v in xs) sum += v;
                var m = sum / hw;
                double sq = 0;
                foreach (var v in xs) sq += (v - m) * (v - m);
                var r = 1.0 / Math.Sqrt((sq / hw) + eps);
                mean[p] = (float)m;
                rstd[p] = (float)r;
                TensorPrimitives.Add(xs, (float)-m, ys);
                TensorPrimitives.Multiply(ys, (float)r, ys);
                if (slope is { } a) CpuElementwise.LeakyRelu(ys, ys, a);
            }
        });

    public static void Backward(float* y, float* rstd, float* dy, float* dx, long planes, long hw, float? slope) =>
        CpuParallel.For(planes, Math.Max(1, 8192 / hw), (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                var ys = y + (p * hw);
                var dys = dy + (p * hw);
                var dxs = dx + (p * hw);
                double sumG = 0, sumGx = 0;
                for (long k = 0; k < hw; k++)
                {
                    var (xhat, g) = Unfuse(ys[k], dys[k], slope);
                    sumG += g;
                    sumGx += g * xhat;
                }
                var meanG = sumG / hw;
                var meanGx = sumGx / hw;
                var r = rstd[p];
                for (long k = 0; k < hw; k++)
                {
                    var (xhat, g) = Unfuse(ys[k], dys[k], slope);
                    dxs[k] = (float)(r * (g - meanG - (xhat * meanGx)));
                }
            }
        });

    /// <summary>From the op's output and its gradient, the normalised value and the gradient with respect to it.</summary>
    private static (double XHat, double G) Unfuse(float y, float dy, float? slope)
    {
        if (slope is not { } a || y > 0) return (y, dy);
        return (y / a, dy * a);
    }
}
