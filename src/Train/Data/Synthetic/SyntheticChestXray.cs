namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// The embedded default data (design §5): radiograph-like chest images with exact lung masks and a pneumonia
/// label, rendered at any size. Image <c>index</c> of a (domain, seed) pair is always the same picture: every
/// random choice comes from a <see cref="SeededRandom"/> stream derived from (seed, domain key, index), and
/// the anatomy lives in resolution-free coordinates, so sizes differ only in sampling.
/// </summary>
public static class SyntheticChestXray
{
    private const ulong LabelStream = 0;
    private const ulong AnatomyStream = 1;

    /// <summary>The label of image <paramref name="index"/>, without rendering it.</summary>
    public static int LabelOf(int index, SyntheticDomain domain, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new SeededRandom(SeededRandom.Derive(seed, domain.Key, (ulong)index, LabelStream));
        return random.NextBool(domain.PneumoniaRate) ? 1 : 0;
    }

    public static SyntheticSample Generate(int index, int size, SyntheticDomain domain, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var label = LabelOf(index, domain, seed);
        var random = new SeededRandom(SeededRandom.Derive(seed, domain.Key, (ulong)index, AnatomyStream));
        var anatomy = SyntheticAnatomy.Draw(random, label == 1);
        var shiftX = domain.OffsetX + (domain.PositionJitter * random.NextGaussian());
        var shiftY = domain.OffsetY + (domain.PositionJitter * random.NextGaussian());

        var image = new GrayImage(size, size);
        var mask = new GrayImage(size, size);
        for (var y = 0; y < size; y++)
        {
            var v = 0.5 + ((((y + 0.5) / size) - 0.5 - shiftY) / domain.Scale);
            for (var x = 0; x < size; x++)
            {
                var u = 0.5 + ((((x + 0.5) / size) - 0.5 - shiftX) / domain.Scale);
                image[x, y] = (float)anatomy.Attenuation(u, v);
                mask[x, y] = anatomy.IsLung(u, v) ? 1f : 0f;
            }
        }

        SeparableBlur.Gaussian(image.Pixels, size, size, Math.Max(0.5, 0.004 * size));
        Display(image, mask, domain, random);
        return new SyntheticSample(image, mask, label);
    }

    /// <summary>The domain's intensity curve, noise and collimation border; lungs under the border are not
    /// visible, so they leave the mask too.</summary>
    private static void Display(GrayImage image, GrayImage mask, SyntheticDomain domain, SeededRandom random)
    {
        var size = image.Width;
        var border = (int)Math.Round(domain.BorderFraction * size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (x < border || y < border || x >= size - border || y >= size - border)
                {
                    image[x, y] = (float)domain.BorderValue;
                    mask[x, y] = 0f;
                    continue;
                }

                var value = Math.Pow(Math.Clamp(image[x, y], 0.0, 1.0), domain.Gamma);
                value = 0.5 + (domain.Contrast * (value - 0.5)) + domain.Brightness;
                value += domain.NoiseSigma * random.NextGaussian();
                image[x, y] = (float)Math.Clamp(value, 0.0, 1.0);
            }
        }
    }
}
