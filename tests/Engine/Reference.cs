namespace MultiMix.Tests.Engine;

/// <summary>Plain, obviously-correct double-precision versions of the engine's ops, written from their definitions.</summary>
public static class Reference
{
    public static double[] Conv2d(float[] x, float[] w, float[]? b, int n, int cin, int cout, int h, int wd, int k)
    {
        var pad = (k - 1) / 2;
        var y = new double[n * cout * h * wd];
        for (var s = 0; s < n; s++)
            for (var o = 0; o < cout; o++)
                for (var i = 0; i < h; i++)
                    for (var j = 0; j < wd; j++)
                    {
                        double acc = b?[o] ?? 0;
                        for (var c = 0; c < cin; c++)
                            for (var u = 0; u < k; u++)
                                for (var v = 0; v < k; v++)
                                {
                                    int r = i + u - pad, q = j + v - pad;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) acc += x[(((s * cin) + c) * h + r) * wd + q] * w[(((o * cin) + c) * k + u) * k + v];
                                }
                        y[(((s * cout) + o) * h + i) * wd + j] = acc;
                    }
        return y;
    }

    public static double[] InstanceNorm(float[] x, int planes, int hw, double eps, double? slope)
    {
        var y = new double[x.Length];
        for (var p = 0; p < planes; p++)
        {
            var plane = x.Skip(p * hw).Take(hw).Select(v => (double)v).ToArray();
            var mean = plane.Average();
            var variance = plane.Select(v => (v - mean) * (v - mean)).Average();
            for (var i = 0; i < hw; i++)
            {
                var z = (plane[i] - mean) / Math.Sqrt(variance + eps);
                y[(p * hw) + i] = slope is { } a && z < 0 ? a * z : z;
            }
        }
        return y;
    }

    public static double[] MaxPool2x2(float[] x, int planes, int h, int w)
    {
        var y = new double[planes * (h / 2) * (w / 2)];
        for (var p = 0; p < planes; p++)
            for (var i = 0; i < h / 2; i++)
                for (var j = 0; j < w / 2; j++)
                {
                    var m = double.NegativeInfinity;
                    for (var u = 0; u < 2; u++)
                        for (var v = 0; v < 2; v++) m = Math.Max(m, x[(p * h * w) + (((2 * i) + u) * w) + (2 * j) + v]);
                    y[(p * (h / 2) * (w / 2)) + (i * (w / 2)) + j] = m;
                }
        return y;
    }

    /// <summary>align_corners = true: output i samples input at i·(in−1)/(out−1).</summary>
    public static double[] Resize(float[] x, int planes, int hi, int wi, int ho, int wo)
    {
        var y = new double[planes * ho * wo];
        for (var p = 0; p < planes; p++)
            for (var i = 0; i < ho; i++)
                for (var j = 0; j < wo; j++)
                {
                    var sy = ho == 1 ? 0 : (double)i * (hi - 1) / (ho - 1);
                    var sx = wo == 1 ? 0 : (double)j * (wi - 1) / (wo - 1);
                    int y0 = (int)Math.Floor(sy), x0 = (int)Math.Floor(sx);
                    int y1 = Math.Min(y0 + 1, hi - 1), x1 = Math.Min(x0 + 1, wi - 1);
                    double fy = sy - y0, fx = sx - x0;
                    double At(int r, int c) => x[(p * hi * wi) + (r * wi) + c];
                    y[(p * ho * wo) + (i * wo) + j] = ((1 - fy) * (((1 - fx) * At(y0, x0)) + (fx * At(y0, x1)))) + (fy * (((1 - fx) * At(y1, x0)) + (fx * At(y1, x1))));
                }
        return y;
    }

    public static double[] Softmax(float[] x, int rows, int cols, bool log)
    {
        var y = new double[x.Length];
        for (var r = 0; r < rows; r++)
        {
            var row = x.Skip(r * cols).Take(cols).Select(v => (double)v).ToArray();
            var z = row.Sum(Math.Exp);
            for (var c = 0; c < cols; c++) y[(r * cols) + c] = log ? row[c] - Math.Log(z) : Math.Exp(row[c]) / z;
        }
        return y;
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static double Dice(float[] s, float[] t, int n)
    {
        var hw = s.Length / n;
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            double inter = 0, sp = 0, sy = 0;
            for (var k = 0; k < hw; k++)
            {
                var p = Sigmoid(s[(i * hw) + k]);
                inter += p * t[(i * hw) + k];
                sp += p;
                sy += t[(i * hw) + k];
            }
            total += 1 - (((2 * inter) + 1) / (sp + sy + 1));
        }
        return total / n;
    }

    public static double Kl(float[] a, float[] b)
    {
        double total = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double p = Sigmoid(a[i]), q = Sigmoid(b[i]);
            total += (p * (Math.Log(p) - Math.Log(q))) + ((1 - p) * (Math.Log(1 - p) - Math.Log(1 - q)));
        }
        return total / a.Length;
    }
}
