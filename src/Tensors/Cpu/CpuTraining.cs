using System.Runtime.Intrinsics;
using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Cpu;

/// <summary>Dropout from the Philox stream and the fused Adam update.</summary>
internal static unsafe class CpuTraining
{
    [ThreadStatic]
    private static NativeScratch s_bits;

    /// <summary>The mask drawn as bits (<see cref="DropoutBits"/>), then written out as floats and applied.</summary>
    public static void Dropout(float* x, float* y, float* mask, long n, float p, ulong seed, ulong offset)
    {
        var keepScale = DropoutBits.KeepScale(p);
        var bits = (uint*)s_bits.Get(DropoutBits.Words(n));
        DropoutBits.Write(bits, n, p, seed, offset);
        CpuParallel.For(n / 8, 4096, (s, e) =>
        {
            var scale = Vector256.Create(keepScale);
            for (var i = s * 8; i < e * 8; i += 8)
            {
                var m = DropoutBits.Multipliers(bits, i, scale);
                m.Store(mask + i);
                (Vector256.Load(x + i) * m).Store(y + i);
            }
        });
        for (var i = n / 8 * 8; i < n; i++)
        {
            mask[i] = DropoutBits.Kept(bits, i) ? keepScale : 0f;
            y[i] = x[i] * mask[i];
        }
    }

    public static void AdamStep(float* param, float* grad, float* m, float* v, long n, float lr, float beta1, float beta2, float eps, int step)
    {
        var (stepSize, bc2Sqrt) = AdamBiasCorrection.For(lr, beta1, beta2, step);
        CpuParallel.For(n, 1 << 15, (s, e) =>
        {
            var i = s;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> b1 = Vector256.Create(beta1), c1 = Vector256.Create(1 - beta1), b2 = Vector256.Create(beta2), c2 = Vector256.Create(1 - beta2);
                Vector256<float> size = Vector256.Create(stepSize), root = Vector256.Create(bc2Sqrt), epsilon = Vector256.Create(eps);
                for (; i + 8 <= e; i += 8)
                {
                    var g = Vector256.Load(grad + i);
                    var mi = (b1 * Vector256.Load(m + i)) + (c1 * g);
                    var vi = (b2 * Vector256.Load(v + i)) + (c2 * g * g);
                    mi.Store(m + i);
                    vi.Store(v + i);
                    (Vector256.Load(param + i) - (size * mi / ((Vector256.Sqrt(vi) / root) + epsilon))).Store(param + i);
                }
            }
            for (; i < e; i++)
            {
                var g = grad[i];
                m[i] = (beta1 * m[i]) + ((1 - beta1) * g);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * g * g);
                param[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) / bc2Sqrt) + eps);
            }
        });
    }
}
