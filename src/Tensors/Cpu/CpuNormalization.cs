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

    private static void BackwardPlane(float* y, float* dy, float* dx, long hw, float rstd, float? slope, uint* keep, long first, float keepScale)
    {
        var vector = Vector256.IsHardwareAccelerated && (first & 7) == 0;
        var a = (double)(slope ?? 1f);
        var av = Vector256.Create(a);
        var keepv = Vector256.Create(keepScale);
        long k = 0;
        double sumG = 0, sumGx = 0;
        if (vector)
        {
            Vector256<double> g0 = default, g1 = default, x0 = default, x1 = default;
            for (; k + 8 <= hw; k += 8)
            {
                var ((xl, gl), (xh, gh)) = Unfuse8(y, dy, k, slope is not null, av, keep, first, keepv);
                g0 += gl;
                g1 += gh;
                x0 += gl * xl;
                x1 += gh * xh;
            }
            sumG = Vector256.Sum(g0 + g1);
            sumGx = Vector256.Sum(x0 + x1);
        }
        for (; k < hw; k++)
        {
            var (xhat, g) = Unfuse(y[k], Gradient(dy, k, keep, first, keepScale), slope);
            sumG += g;
            sumGx += g * xhat;
        }
        var meanG = sumG / hw;
        var meanGx = sumGx / hw;
        var r = (double)rstd;

        k = 0;
        if (vector)
        {
            var mg = Vector256.Create(meanG);
            var mgx = Vector256.Create(meanGx);
            var rv = Vector256.Create(r);
            for (; k + 8 <= hw; k += 8)
            {
                var ((xl, gl), (xh, gh)) = Unfuse8(y, dy, k, slope is not null, av, keep, first, keepv);
                var lo = rv * ((gl - mg) - (xl * mgx));
                var hi = rv * ((gh - mg) - (xh * mgx));
                Vector256.Narrow(lo, hi).Store(dx + k);
            }
        }
        for (; k < hw; k++)
        {
            var (xhat, g) = Unfuse(y[k], Gradient(dy, k, keep, first, keepScale), slope);
            dx[k] = (float)(r * ((g - meanG) - (xhat * meanGx)));
        }
    }

    /// <summary>dy[k], times the dropout multiplier when there is a mask.</summary>
    private static float Gradient(float* dy, long k, uint* keep, long first, float keepScale) =>
        keep == null ? dy[k] : dy[k] * (DropoutBits.Kept(keep, first + k) ? keepScale : 0f);

    /// <summary>From the op's output and its gradient, the normalised value and the gradient with respect to it.</summary>
    private static (double XHat, double G) Unfuse(float y, float dy, float? slope)
    {
        if (slope is not { } a || y > 0) return (y, dy);
        return (y / (double)a, dy * (double)a);
    }

    /// <summary><see cref="Unfuse"/> of elements [k, k + 8), as (low four, high four) pairs of (x̂, g).</summary>
    private static ((Vector256<double>, Vector256<double>), (Vector256<double>, Vector256<double>)) Unfuse8(
        float* y, float* dy, long k, bool leaky, Vector256<double> a, uint* keep, long first, Vector256<float> keepScale)
    {
        var gf = Vector256.Load(dy + k);
        if (keep != null) gf *= DropoutBits.Multipliers(keep, first + k, keepScale);
        var (yl, yh) = Vector256.Widen(Vector256.Load(y + k));
        var (gl, gh) = Vector256.Widen(gf);
        if (!leaky) return ((yl, gl), (yh, gh));
        var pl = Vector256.GreaterThan(yl, Vector256<double>.Zero);
        var ph = Vector256.GreaterThan(yh, Vector256<double>.Zero);
        return ((Vector256.ConditionalSelect(pl, yl, yl / a), Vector256.ConditionalSelect(pl, gl, gl * a)),
            (Vector256.ConditionalSelect(ph, yh, yh / a), Vector256.ConditionalSelect(ph, gh, gh * a)));
    }
}
