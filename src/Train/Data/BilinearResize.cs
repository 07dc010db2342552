namespace MultiMix.Train.Data;

/// <summary>
/// Separable bilinear (triangle filter) resampling with pixel centres at half-integers. When shrinking, the
/// triangle is widened by the scale factor so every source pixel contributes (the way PIL's BILINEAR resize
/// antialiases); without that a 4k-pixel radiograph reduced to 256 would alias badly.
/// </summary>
public static class BilinearResize
{
    public static GrayImage Resize(GrayImage source, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (source.Width == width && source.Height == height)
        {
            return source.Clone();
        }

        var horizontal = Weights(source.Width, width);
        var vertical = Weights(source.Height, height);

        var rows = new float[source.Height * width];
        for (var y = 0; y < source.Height; y++)
        {
            var sourceRow = source.Pixels.AsSpan(y * source.Width, source.Width);
            var targetRow = rows.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                targetRow[x] = horizontal[x].Apply(sourceRow, 1);
            }
        }

        var result = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var taps = vertical[y];
            for (var x = 0; x < width; x++)
            {
                result.Pixels[(y * width) + x] = taps.Apply(rows.AsSpan(x), width);
            }
        }

        return result;
    }

    private static Taps[] Weights(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var support = Math.Max(scale, 1.0);
        var taps = new Taps[outSize];
        for (var i = 0; i < outSize; i++)
        {
            var centre = (i + 0.5) * scale;
            var first = Math.Max(0, (int)Math.Floor(centre - support));
            var last = Math.Min(inSize - 1, (int)Math.Ceiling(centre + support));
            var weights = new float[last - first + 1];
            var total = 0.0;
            for (var j = first; j <= last; j++)
            {
                var w = Math.Max(0.0, 1.0 - (Math.Abs(j + 0.5 - centre) / support));
                weights[j - first] = (float)w;
                total += w;
            }

            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] = (float)(weights[k] / total);
            }

            taps[i] = new Taps(first, weights);
        }

        return taps;
    }

    private readonly record struct Taps(int First, float[] Weights)
    {
        public float Apply(ReadOnlySpan<float> line, int stride)
        {
            var sum = 0f;
            for (var k = 0; k < Weights.Length; k++)
            {
                sum += Weights[k] * line[(First + k) * stride];
            }

            return sum;
        }
    }
}
