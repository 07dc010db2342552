namespace MultiMix.Train.Metrics;

/// <summary>
/// Exact Euclidean distance transform (Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled
/// Functions", 2012): the squared distance to the nearest foreground pixel, by the lower envelope of parabolas
/// along columns and then along rows, O(pixels).
/// </summary>
public static class DistanceTransform
{
    /// <summary>Stands for "no foreground here yet"; finite so the envelope arithmetic never makes NaN.</summary>
    public const double Far = 1e20;

    /// <summary>Squared distance from every pixel to the nearest pixel where <paramref name="foreground"/> is
    /// true; every value is at least <see cref="Far"/> when there is no foreground.</summary>
    public static double[] SquaredToForeground(ReadOnlySpan<bool> foreground, int width, int height)
    {
        if (foreground.Length != width * height)
        {
            throw new ArgumentException($"{foreground.Length} pixels for {width}x{height}", nameof(foreground));
        }

        var field = new double[foreground.Length];
        for (var i = 0; i < field.Length; i++)
        {
            field[i] = foreground[i] ? 0.0 : Far;
        }

        var longest = Math.Max(width, height);
        var line = new double[longest];
        var result = new double[longest];
        var vertices = new int[longest];
        var bounds = new double[longest + 1];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                line[y] = field[(y * width) + x];
            }

            Transform1D(line.AsSpan(0, height), result, vertices, bounds);
            for (var y = 0; y < height; y++)
            {
                field[(y * width) + x] = result[y];
            }
        }

        for (var y = 0; y < height; y++)
        {
            var row = field.AsSpan(y * width, width);
            row.CopyTo(line);
            Transform1D(line.AsSpan(0, width), result, vertices, bounds);
            result.AsSpan(0, width).CopyTo(row);
        }

        return field;
    }

    /// <summary>d[q] = min over p of (q − p)² + f[p].</summary>
    private static void Transform1D(ReadOnlySpan<double> f, Span<double> d, Span<int> v, Span<double> z)
    {
        var n = f.Length;
        var k = 0;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (var q = 1; q < n; q++)
        {
            var s = Intersection(f, q, v[k]);
            while (s <= z[k])
            {
                k--;
                s = Intersection(f, q, v[k]);
            }

            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }

        k = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[k + 1] < q)
            {
                k++;
            }

            var offset = q - v[k];
            d[q] = ((double)offset * offset) + f[v[k]];
        }
    }

    private static double Intersection(ReadOnlySpan<double> f, int q, int p) =>
        ((f[q] + ((double)q * q)) - (f[p] + ((double)p * p))) / (2.0 * (q - p));
}
