namespace MultiMix.Tensors.Cpu;

/// <summary>Reductions along the middle axis of an outer×axis×inner view, accumulated in double in a fixed order.</summary>
internal static unsafe class CpuReductions
{
    public static void Sum(float* x, float* y, long outer, int axis, long inner, float alpha)
    {
        if (inner == 1)
        {
            CpuParallel.For(outer, Math.Max(1, 4096 / Math.Max(1, axis)), (s, e) =>
            {
                for (var o = s; o < e; o++)
                {
                    var row = x + (o * axis);
                    double acc = 0;
                    for (var a = 0; a < axis; a++) acc += row[a];
                    y[o] = (float)(acc * alpha);
                }
            });
            return;
        }
        var acc = new double[inner];
        for (long o = 0; o < outer; o++)
        {
            Array.Clear(acc);
            for (var a = 0; a < axis; a++)
            {
                var row = x + (((o * axis) + a) * inner);
                for (long i = 0; i < inner; i++) acc[i] += row[i];
            }
            for (long i = 0; i < inner; i++) y[(o * inner) + i] = (float)(acc[i] * alpha);
        }
    }

    public static void Broadcast(float* dy, float* dx, long outer, int axis, long inner, float alpha) =>
        CpuParallel.For(outer, Math.Max(1, 4096 / Math.Max(1, axis * inner)), (s, e) =>
        {
            for (var o = s; o < e; o++)
            {
                for (var a = 0; a < axis; a++)
                {
                    var row = dx + (((o * axis) + a) * inner);
                    for (long i = 0; i < inner; i++) row[i] = alpha * dy[(o * inner) + i];
                }
            }
        });

    public static void Max(float* x, float* values, int* indices, long outer, int axis, long inner)
    {
        for (long o = 0; o < outer; o++)
        {
            for (long i = 0; i < inner; i++)
            {
                var best = x[(o * axis * inner) + i];
                var arg = 0;
                for (var a = 1; a < axis; a++)
                {
                    var v = x[(((o * axis) + a) * inner) + i];
                    if (v > best || float.IsNaN(v) && !float.IsNaN(best))
                    {
                        best = v;
                        arg = a;
                    }
                }
                values[(o * inner) + i] = best;
                indices[(o * inner) + i] = arg;
            }
        }
    }

    public static void MaxBackward(float* dy, int* indices, float* dx, long outer, int axis, long inner)
    {
        new Span<float>(dx, checked((int)(outer * axis * inner))).Clear();
        for (long o = 0; o < outer; o++)
        {
            for (long i = 0; i < inner; i++)
            {
                dx[(((o * axis) + indices[(o * inner) + i]) * inner) + i] = dy[(o * inner) + i];
            }
        }
    }

    public static void Softmax(float* x, float* y, long outer, int axis, long inner, bool log)
    {
        for (long o = 0; o < outer; o++)
        {
            for (long i = 0; i < inner; i++)
            {
                var basePtr = (o * axis * inner) + i;
                var max = float.NegativeInfinity;
                for (var a = 0; a < axis; a++) max = Math.Max(max, x[basePtr + (a * inner)]);
                double sum = 0;
                for (var a = 0; a < axis; a++) sum += Math.Exp(x[basePtr + (a * inner)] - max);
                var logSum = Math.Log(sum);
                for (var a = 0; a < axis; a++)
                {
                    var shifted = x[basePtr + (a * inner)] - max;
                    y[basePtr + (a * inner)] = log ? (float)(shifted - logSum) : (float)(Math.Exp(shifted) / sum);
                }
            }
        }
    }

    public static void SoftmaxBackward(float* y, float* dy, float* dx, long outer, int axis, long inner, bool log)
    {
        for (long o = 0; o < outer; o++)
        {
            for (long i = 0; i < inner; i++)
            {
                var basePtr = (o * axis * inner) + i;
                double dot = 0;
                for (var a = 0; a < axis; a++)
                {
                    var k = basePtr + (a * inner);
                    dot += log ? dy[k] : dy[k] * y[k];
                }
                for (var a = 0; a < axis; a++)
                {
                    var k = basePtr + (a * inner);
                    dx[k] = log ? (float)(dy[k] - (Math.Exp(y[k]) * dot)) : (float)(y[k] * (dy[k] - dot));
                }
            }
        }
    }
}
