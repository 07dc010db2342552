namespace MultiMix.Tests.Cpu;

/// <summary>
/// Plain nested-loop stride-1 "same" convolution and its gradients (NCHW, OIHW, double accumulation),
/// the reference the fast Conv2dKernels are tested against.
/// </summary>
internal static class ConvReference
{
    public static float[] Forward(float[] x, float[] w, float[]? bias, int n, int cin, int cout, int h, int wd, int k)
    {
        var pad = (k - 1) / 2;
        var y = new float[n * cout * h * wd];
        for (var s = 0; s < n; s++)
        {
            for (var co = 0; co < cout; co++)
            {
                for (var oy = 0; oy < h; oy++)
                {
                    for (var ox = 0; ox < wd; ox++)
                    {
                        double sum = bias?[co] ?? 0f;
                        for (var ci = 0; ci < cin; ci++)
                        {
                            for (var ky = 0; ky < k; ky++)
                            {
                                for (var kx = 0; kx < k; kx++)
                                {
                                    int iy = oy + ky - pad, ix = ox + kx - pad;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                    {
                                        sum += (double)x[((s * cin + ci) * h + iy) * wd + ix] * w[((co * cin + ci) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }

                        y[((s * cout + co) * h + oy) * wd + ox] = (float)sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>dx: every output pixel scatters dy·w back onto the input pixels it read.</summary>
    public static float[] BackwardData(float[] dy, float[] w, int n, int cin, int cout, int h, int wd, int k)
    {
        var pad = (k - 1) / 2;
        var dx = new double[n * cin * h * wd];
        for (var s = 0; s < n; s++)
        {
            for (var co = 0; co < cout; co++)
            {
                for (var oy = 0; oy < h; oy++)
                {
                    for (var ox = 0; ox < wd; ox++)
                    {
                        var g = (double)dy[((s * cout + co) * h + oy) * wd + ox];
                        for (var ci = 0; ci < cin; ci++)
                        {
                            for (var ky = 0; ky < k; ky++)
                            {
                                for (var kx = 0; kx < k; kx++)
                                {
                                    int iy = oy + ky - pad, ix = ox + kx - pad;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                    {
                                        dx[((s * cin + ci) * h + iy) * wd + ix] += g * w[((co * cin + ci) * k + ky) * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return Array.ConvertAll(dx, v => (float)v);
    }

    public static (float[] Dw, float[] Dbias) BackwardWeight(float[] dy, float[] x, int n, int cin, int cout, int h, int wd, int k)
    {
        var pad = (k - 1) / 2;
        var dw = new double[cout * cin * k * k];
        var dbias = new double[cout];
        for (var s = 0; s < n; s++)
        {
            for (var co = 0; co < cout; co++)
            {
                for (var oy = 0; oy < h; oy++)
                {
                    for (var ox = 0; ox < wd; ox++)
                    {
                        var g = (double)dy[((s * cout + co) * h + oy) * wd + ox];
                        dbias[co] += g;
                        for (var ci = 0; ci < cin; ci++)
                        {
                            for (var ky = 0; ky < k; ky++)
                            {
                                for (var kx = 0; kx < k; kx++)
                                {
                                    int iy = oy + ky - pad, ix = ox + kx - pad;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                    {
                                        dw[((co * cin + ci) * k + ky) * k + kx] += g * x[((s * cin + ci) * h + iy) * wd + ix];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return (Array.ConvertAll(dw, v => (float)v), Array.ConvertAll(dbias, v => (float)v));
    }
}
