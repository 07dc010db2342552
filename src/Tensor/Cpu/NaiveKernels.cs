namespace MultiMix.Tensors.Cpu;

/// <summary>Interim plain GEMM, replaced by the packed SIMD kernel.</summary>
public static unsafe class Sgemm
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double acc = 0;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    var bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    acc += av * bv;
                }
                c[(i * ldc) + j] = (float)(alpha * acc) + (beta == 0 ? 0 : beta * c[(i * ldc) + j]);
            }
        }
    }
}

/// <summary>Interim direct convolution, replaced by the im2col + GEMM kernels.</summary>
public static unsafe class Conv2dKernels
{
    public static void Forward(float* x, float* w, float* bias, float* y, int n, int cin, int cout, int h, int wd, int k)
    {
        var pad = (k - 1) / 2;
        for (var b = 0; b < n; b++)
        {
            for (var o = 0; o < cout; o++)
            {
                for (var i = 0; i < h; i++)
                {
                    for (var j = 0; j < wd; j++)
                    {
                        double acc = bias is null ? 0 : bias[o];
                        for (var c = 0; c < cin; c++)
                        {
                            for (var u = 0; u < k; u++)
                            {
                                var r = i + u - pad;
                                if (r < 0 || r >= h) continue;
                                for (var v = 0; v < k; v++)
                                {
                                    var q = j + v - pad;
                                    if (q < 0 || q >= wd) continue;
                                    acc += x[(((((b * cin) + c) * h) + r) * wd) + q] * w[(((((o * cin) + c) * k) + u) * k) + v];
                                }
                            }
                        }
                        y[(((((b * cout) + o) * h) + i) * wd) + j] = (float)acc;
                    }
                }
            }
        }
    }

    public static void BackwardData(float* dy, float* w, float* dx, int n, int cin, int cout, int h, int wd, int k)
    {
        var pad = (k - 1) / 2;
        new Span<float>(dx, n * cin * h * wd).Clear();
        for (var b = 0; b < n; b++)
        {
            for (var o = 0; o < cout; o++)
            {
                for (var i = 0; i < h; i++)
                {
                    for (var j = 0; j < wd; j++)
                    {
                        var g = dy[(((((b * cout) + o) * h) + i) * wd) + j];
                        for (var c = 0; c < cin; c++)
                        {
                            for (var u = 0; u < k; u++)
                            {
                                var r = i + u - pad;
                                if (r < 0 || r >= h) continue;
                                for (var v = 0; v < k; v++)
                                {
                                    var q = j + v - pad;
                                    if (q < 0 || q >= wd) continue;
                                    dx[(((((b * cin) + c) * h) + r) * wd) + q] += g * w[(((((o * cin) + c) * k) + u) * k) + v];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    public static void BackwardWeight(float* dy, float* x, float* dw, float* dbias, int n, int cin, int cout, int h, int wd, int k)
    {
        var pad = (k - 1) / 2;
        new Span<float>(dw, cout * cin * k * k).Clear();
        if (dbias is not null) new Span<float>(dbias, cout).Clear();
        for (var b = 0; b < n; b++)
        {
            for (var o = 0; o < cout; o++)
            {
                for (var i = 0; i < h; i++)
                {
                    for (var j = 0; j < wd; j++)
                    {
                        var g = dy[(((((b * cout) + o) * h) + i) * wd) + j];
                        if (dbias is not null) dbias[o] += g;
                        for (var c = 0; c < cin; c++)
                        {
                            for (var u = 0; u < k; u++)
                            {
                                var r = i + u - pad;
                                if (r < 0 || r >= h) continue;
                                for (var v = 0; v < k; v++)
                                {
                                    var q = j + v - pad;
                                    if (q < 0 || q >= wd) continue;
                                    dw[(((((o * cin) + c) * k) + u) * k) + v] += g * x[(((((b * cin) + c) * h) + r) * wd) + q];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
