namespace MultiMix.Train.Data.Synthetic;

/// <summary>Gaussian blur with clamped edges, used to soften the rendered anatomy by about a pixel.</summary>
internal static class SeparableBlur
{
    public static void Gaussian(float[] pixels, int width, int height, double sigma)
    {
        var radius = (int)Math.Ceiling(3.0 * sigma);
        var kernel = new float[(2 * radius) + 1];
        var total = 0.0;
        for (var k = -radius; k <= radius; k++)
        {
            var w = Math.Exp(-(k * k) / (2.0 * sigma * sigma));
            kernel[k + radius] = (float)w;
            total += w;
        }

        for (var k = 0; k < kernel.Length; k++)
        {
            kernel[k] = (float)(kernel[k] / total);
        }

        var temp = new float[pixels.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += kernel[k + radius] * pixels[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                }

                temp[(y * width) + x] = sum;
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += kernel[k + radius] * temp[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                }

                pixels[(y * width) + x] = sum;
            }
        }
    }
}
