using MultiMix.Train.Data;

namespace MultiMix.Train.Augment;

/// <summary>Horizontal flip and torchvision-style RandomCrop with reflect padding.</summary>
public static class FlipCrop
{
    public static GrayImage FlipHorizontal(GrayImage image)
    {
        var result = new GrayImage(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            var row = y * image.Width;
            for (var x = 0; x < image.Width; x++)
            {
                result.Pixels[row + x] = image.Pixels[row + image.Width - 1 - x];
            }
        }

        return result;
    }

    /// <summary>
    /// Pads by <paramref name="padding"/> on every side with reflection (numpy/torch "reflect": the edge pixel
    /// is not repeated) and cuts the original size at (<paramref name="left"/>, <paramref name="top"/>) of the
    /// padded image; offsets run from 0 to 2·padding.
    /// </summary>
    public static GrayImage ReflectPadCrop(GrayImage image, int padding, int left, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(left, 2 * padding);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 2 * padding);
        var result = new GrayImage(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            var sourceY = Reflect(y + top - padding, image.Height);
            for (var x = 0; x < image.Width; x++)
            {
                result[x, y] = image[Reflect(x + left - padding, image.Width), sourceY];
            }
        }

        return result;
    }

    /// <summary>RandomCrop(size, padding, padding_mode = reflect): offsets uniform in 0..2·padding.</summary>
    public static GrayImage RandomReflectPadCrop(GrayImage image, int padding, SeededRandom random)
    {
        var top = random.NextInt(2 * padding + 1);
        var left = random.NextInt(2 * padding + 1);
        return ReflectPadCrop(image, padding, left, top);
    }

    /// <summary>Mirror index <paramref name="i"/> into 0..n−1 about the edge pixels (…, 2, 1, 0, 1, 2, …).</summary>
    public static int Reflect(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        var period = 2 * (n - 1);
        var m = ((i % period) + period) % period;
        return m < n ? m : period - m;
    }
}
