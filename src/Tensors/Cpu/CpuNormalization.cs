using System.Runtime.Intrinsics;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Instance norm (no affine, biased variance) with an optional fused LeakyReLU and an optional fused dropout
/// (<see cref="DropoutBits"/>), one plane per task on all cores. Statistics are summed in double, in four-lane
/// vectors, in a fixed order, so results do not depend on the thread count or timing. The forward reads each plane
/// twice for the statistics and once to normalise; the backward recovers the normalised value from the output
/// (LeakyReLU with a positive slope is invertible), so the input need not be kept, and regains the dropout mask
/// from its bits.
/// </summary>
internal static unsafe class CpuNormalization
{
    /// <summary>y = LeakyReLU((x − mean)·rstd); when <paramref name="keep"/> is given also d = y·mask.</summary>
    public static void Forward(float* x, float* y, float* mean, float* rstd, long planes, long hw, float eps, float? slope, float* d = null, uint* keep = null, float keepScale = 1f) =>
        CpuParallel.For(planes, Math.Max(1, 8192 / hw), (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                var first = p * hw;
                var (m, r) = Statistics(x + first, hw, eps);
                mean[p] = (float)m;
                rstd[p] = (float)r;
                Normalize(x + first, y + first, hw, (float)-m, (float)r, slope, d == null ? null : d + first, keep, first, keepScale);
            }
        });

    /// <summary>dx from y, rstd and dy (with dy first multiplied by the dropout mask when <paramref name="keep"/> is given).</summary>
    public static void Backward(float* y, float* rstd, float* dy, float* dx, long planes, long hw, float? slope, uint* keep = null, float keepScale = 1f) =>
        CpuParallel.For(planes, Math.Max(1, 8192 / hw), (s, e) =>
        {
            for (var p = s; p < e; p++)
            {
                var first = p * hw;
                BackwardPlane(y + first, dy + first, dx + first, hw, rstd[p], slope, keep, first, keepScale);
            }
        });

    private static (double Mean, double Rstd) Statistics(float* x, long hw, float eps)
    {
        long k = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; k + 16 <= hw; k += 16)
            {
                var (l0, h0) = Vector256.Widen(Vector256.Load(x + k));
                var (l1, h1) = Vector256.Widen(Vector256.Load(x + k + 8));
                a0 += l0;
                a1 += h0;
                a2 += l1;
                a3 += h1;
            }
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; k < hw; k++) sum += x[k];
        var m = sum / hw;

        k = 0;
        double sq = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var mv = Vector256.Create(m);
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; k + 16 <= hw; k += 16)
            {
                var (l0, h0) = Vector256.Widen(Vector256.Load(x + k));
                var (l1, h1) = Vector256.Widen(Vector256.Load(x + k + 8));
                l0 -= mv;
                h0 -= mv;
                l1 -= mv;
                h1 -= mv;
                a0 += l0 * l0;
                a1 += h0 * h0;
                a2 += l1 * l1;
                a3 += h1 * h1;
            }
            sq = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; k < hw; k++) sq += (x[k] - m) * (x[k] - m);
        return (m, 1.0 / Math.Sqrt((sq / hw) + eps));
    }

    private static void Normalize(float* x, float* y, long hw, float minusMean, float r, float? slope, float* d, uint* keep, long first, float keepScale)
    {
        long k = 0;
        var a = slope ?? 1f;
        if (Vector256.IsHardwareAccelerated && (first & 7) == 0)
        {
            var shift = Vector256.Create(minusMean);
            var scale = Vector256.Create(r);
            var leak = Vector256.Create(a);
            var keepv = Vector256.Create(keepScale);
            for (; k + 8 <= hw; k += 8)
            {
                var v = (Vector256.Load(x + k) + shift) * scale;
                if (slope is not null) v = Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * leak);
                v.Store(y + k);
                if (d != null) (v * DropoutBits.Multipliers(keep, first + k, keepv)).Store(d + k);
            }
        }
        for (; k < hw; k++)
        {
            var v = (x[k] + minusMean) * r;
            if (slope is not null && !(v > 0)) v *= a;
            y[k] = v;
            if (d != null) d[k] = v * (DropoutBits.Kept(keep, first + k) ? keepScale : 0f);
        }
    }

    /// <summary>
    /// With x̂ the normalised value and g' = ∂L/∂x̂: dx = rstd·(g' − mean(g') − x̂·mean(g'·x̂)). Where the LeakyReLU is
    /// on its negative side, x̂ = y/a and g' = a·g, so g'·x̂ = g·y on both sides (a product of two floats, exact in
    /// double) and x̂·mean(g'·x̂) = y·(mean/a): no division per element.
    /// </summary>
    private static void BackwardPlane(float* y, float* dy, float* dx, long hw, float rstd, float? slope, uint* keep, long first, float keepScale)
    {
        var vector = Vector256.IsHardwareAccelerated && (first & 7) == 0;
        var a = (double)(slope ?? 1f);
        long k = 0;
        double sumG = 0, sumGy = 0;
        if (vector)
        {
            var av = Vector256.Create(a);
            var keepv = Vector256.Create(keepScale);
            Vector256<double> g0 = default, g1 = default, x0 = default, x1 = default;
            for (; k + 8 <= hw; k += 8)
            {
                var gf = Vector256.Load(dy + k);
                if (keep != null) gf *= DropoutBits.Multipliers(keep, first + k, keepv);
                var (yl, yh) = Vector256.Widen(Vector256.Load(y + k));
                var (gl, gh) = Vector256.Widen(gf);
                g0 += Vector256.ConditionalSelect(Vector256.GreaterThan(yl, Vector256<double>.Zero), gl, gl * av);
                g1 += Vector256.ConditionalSelect(Vector256.GreaterThan(yh, Vector256<double>.Zero), gh, gh * av);
                x0 += gl * yl;
                x1 += gh * yh;
            }
            sumG = Vector256.Sum(g0 + g1);
            sumGy = Vector256.Sum(x0 + x1);
        }
        for (; k < hw; k++)
        {
            double g = Gradient(dy, k, keep, first, keepScale), v = y[k];
            sumG += v > 0 ? g : g * a;
            sumGy += g * v;
        }
        var meanG = sumG / hw;
        var meanGx = sumGy / hw;
        var meanGxOverA = meanGx / a;
        var r = (double)rstd;

        k = 0;
        if (vector)
        {
            var av = Vector256.Create(a);
            var keepv = Vector256.Create(keepScale);
            var mg = Vector256.Create(meanG);
            var mPositive = Vector256.Create(meanGx);
            var mNegative = Vector256.Create(meanGxOverA);
            var rv = Vector256.Create(r);
            for (; k + 8 <= hw; k += 8)
            {
                var gf = Vector256.Load(dy + k);
                if (keep != null) gf *= DropoutBits.Multipliers(keep, first + k, keepv);
                var (yl, yh) = Vector256.Widen(Vector256.Load(y + k));
                var (gl, gh) = Vector256.Widen(gf);
                var pl = Vector256.GreaterThan(yl, Vector256<double>.Zero);
                var ph = Vector256.GreaterThan(yh, Vector256<double>.Zero);
                var lo = rv * ((Vector256.ConditionalSelect(pl, gl, gl * av) - mg) - (yl * Vector256.ConditionalSelect(pl, mPositive, mNegative)));
                var hi = rv * ((Vector256.ConditionalSelect(ph, gh, gh * av) - mg) - (yh * Vector256.ConditionalSelect(ph, mPositive, mNegative)));
                Vector256.Narrow(lo, hi).Store(dx + k);
            }
        }
        for (; k < hw; k++)
        {
            double g = Gradient(dy, k, keep, first, keepScale), v = y[k];
            dx[k] = (float)(r * ((v > 0 ? g : g * a) - meanG - (v * (v > 0 ? meanGx : meanGxOverA))));
        }
    }

    /// <summary>dy[k], times the dropout multiplier when there is a mask.</summary>
    private static float Gradient(float* dy, long k, uint* keep, long first, float keepScale) =>
        keep == null ? dy[k] : dy[k] * (DropoutBits.Kept(keep, first + k) ? keepScale : 0f);
}
