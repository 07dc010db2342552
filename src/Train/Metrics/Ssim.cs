namespace MultiMix.Train.Metrics;

/// <summary>
/// Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) with the paper's settings: an 11×11 Gaussian
/// window with σ 1.5 (normalized to sum 1), K1 0.01, K2 0.03, data range 1. The SSIM map is evaluated only where
/// the window lies wholly inside the image ("valid" positions, as in the authors' MATLAB code) and averaged, so
/// both images must be at least 11 pixels on each side.
/// </summary>
public static class Ssim
{
    public const int Window = 11;

    public const double Sigma = 1.5;

    public const double K1 = 0.01;

    public const double K2 = 0.03;

    public const double DataRange = 1.0;

    private static readonly double[] s_kernel = GaussianKernel();

    public static double Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int height)
    {
        if (a.Length != width * height || b.Length != width * height)
        {
            throw new ArgumentException($"SSIM needs two {width}x{height} images, got {a.Length} and {b.Length} pixels");
        }

        if (width < Window || height < Window)
        {
            throw new ArgumentException($"SSIM needs images of at least {Window}x{Window}, got {width}x{height}");
        }

        var n = width * height;
        var x = new double[n];
        var y = new double[n];
        var xx = new double[n];
        var yy = new double[n];
        var xy = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = a[i];
            y[i] = b[i];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }

        var outW = width - Window + 1;
        var outH = height - Window + 1;
        var muX = FilterValid(x, width, height);
        var muY = FilterValid(y, width, height);
        var eXX = FilterValid(xx, width, height);
        var eYY = FilterValid(yy, width, height);
        var eXY = FilterValid(xy, width, height);
        var c1 = Math.Pow(K1 * DataRange, 2);
        var c2 = Math.Pow(K2 * DataRange, 2);
        var sum = 0.0;
        for (var i = 0; i < outW * outH; i++)
        {
            var mx = muX[i];
            var my = muY[i];
            var varX = eXX[i] - (mx * mx);
            var varY = eYY[i] - (my * my);
            var cov = eXY[i] - (mx * my);
            sum += ((2 * mx * my) + c1) * ((2 * cov) + c2) / (((mx * mx) + (my * my) + c1) * (varX + varY + c2));
        }

        return sum / (outW * outH);
    }

    private static double[] FilterValid(double[] image, int width, int height)
    {
        var outW = width - Window + 1;
        var outH = height - Window + 1;
        var rows = new double[height * outW];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var s = 0.0;
                for (var k = 0; k < Window; k++)
                {
                    s += s_kernel[k] * image[(y * width) + x + k];
                }

                rows[(y * outW) + x] = s;
            }
        }

        var result = new double[outH * outW];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var s = 0.0;
                for (var k = 0; k < Window; k++)
                {
                    s += s_kernel[k] * rows[((y + k) * outW) + x];
                }

                result[(y * outW) + x] = s;
            }
        }

        return result;
    }

    private static double[] GaussianKernel()
    {
        var kernel = new double[Window];
        var half = Window / 2;
        for (var k = 0; k < Window; k++)
        {
            kernel[k] = Math.Exp(-((k - half) * (k - half)) / (2 * Sigma * Sigma));
        }

        var total = kernel.Sum();
        return [.. kernel.Select(w => w / total)];
    }
}
