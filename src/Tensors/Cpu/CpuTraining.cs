using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;

namespace MultiMix.Tensors.Cpu;

/// <summary>Dropout from the Philox stream and the fused Adam update.</summary>
internal static unsafe class CpuTraining
{
    public static void Dropout(float* x, float* y, float* mask, long n, float p, ulong seed, ulong offset)
    {
        var keepScale = 1f / (1f - p);
        CpuParallel.For((long)Philox.CountersFor(n), 4096, (s, e) =>
        {
            for (var block = s; block < e; block++)
            {
                var (w0, w1, w2, w3) = Philox.Block(seed, offset + (ulong)block);
                var i = block * 4;
                Apply(i, w0);
                Apply(i + 1, w1);
                Apply(i + 2, w2);
                Apply(i + 3, w3);
            }
        });

        void Apply(long i, uint word)
        {
            if (i >= n) return;
            var m = Philox.ToUniform(word) >= p ? keepScale : 0f;
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }

    public static void AdamStep(float* param, float* grad, float* m, float* v, long n, float lr, float beta1, float beta2, float eps, int step)
    {
        var (stepSize, bc2Sqrt) = AdamBiasCorrection.For(lr, beta1, beta2, step);
        CpuParallel.For(n, 1 << 15, (s, e) =>
        {
            for (var i = s; i < e; i++)
            {
                var g = grad[i];
                m[i] = (beta1 * m[i]) + ((1 - beta1) * g);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * g * g);
                param[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) / bc2Sqrt) + eps);
            }
        });
    }
}
