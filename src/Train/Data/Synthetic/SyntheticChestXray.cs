namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// The embedded default data (docs/architecture.md, "Data layouts"): radiograph-like chest images with exact
/// lung masks and a pneumonia label, rendered at any size. Image <c>index</c> of a (domain, seed) pair is always the same picture: every
/// random choice comes from a <see cref="SeededRandom"/> stream derived from (seed, domain key, index), and
/// the anatomy lives in resolution-free coordinates, so sizes differ only in sampling.
/// </summary>
public static class SyntheticChestXray
{
    private const ulong LabelStream = 0;
    private const ulong AnatomyStream = 1;
    private const ulong AnnotationStream = 2;

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
        var tilt = domain.Tilt + (domain.TiltJitter > 0 ? domain.TiltJitter * random.NextGaussian() : 0.0);
        var (sin, cos) = Math.SinCos(tilt * Math.PI / 180.0);

        var image = new GrayImage(size, size);
        var mask = new GrayImage(size, size);
        for (var y = 0; y < size; y++)
        {
            var v = 0.5 + ((((y + 0.5) / size) - 0.5 - shiftY) / domain.Scale);
            for (var x = 0; x < size; x++)
            {
                var u = 0.5 + ((((x + 0.5) / size) - 0.5 - shiftX) / domain.Scale);
                var (au, av) = tilt == 0.0 ? (u, v) : (0.5 + (cos * (u - 0.5)) + (sin * (v - 0.5)), 0.5 - (sin * (u - 0.5)) + (cos * (v - 0.5)));
                image[x, y] = (float)anatomy.Attenuation(au, av);
                mask[x, y] = anatomy.IsLung(au, av) ? 1f : 0f;
            }
        }

        SeparableBlur.Gaussian(image.Pixels, size, size, Math.Max(0.5, 0.004 * size));
        if (domain.Sharpening > 0)
        {
            Sharpen(image, domain.Sharpening);
        }

        Display(image, mask, domain, random);
        if (domain.Annotations)
        {
            Annotate(image, domain, new SeededRandom(SeededRandom.Derive(seed, domain.Key, (ulong)index, AnnotationStream)));
        }

        return new SyntheticSample(image, mask, label);
    }

    /// <summary>Unsharp masking with a blur of σ = 1% of the side: value + amount·(value − blurred value).</summary>
    private static void Sharpen(GrayImage image, double amount)
    {
        var blurred = image.Clone();
        SeparableBlur.Gaussian(blurred.Pixels, image.Width, image.Height, Math.Max(0.5, 0.01 * image.Width));
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] += (float)(amount * (image.Pixels[i] - blurred.Pixels[i]));
        }
    }

    /// <summary>A lead "R" marker at the top left and a text line (projection and a five-digit identifier) at the bottom right, inside the collimated field, bright as burned-in annotations are; the lung mask is not changed.</summary>
    private static void Annotate(GrayImage image, SyntheticDomain domain, SeededRandom random)
    {
        var inset = domain.BorderFraction + 0.02;
        const double markerCell = 0.022;
        const double textCell = 0.012;
        BurnedInText.Draw(image, "R", inset + random.NextDouble(0.0, 0.03), inset + random.NextDouble(0.0, 0.03), markerCell, 0.97f);
        var id = string.Concat(Enumerable.Range(0, 5).Select(_ => (char)('0' + random.NextInt(10))));
        var text = $"PA {id}";
        var width = text.Length * 4 * textCell;
        BurnedInText.Draw(image, text, 1.0 - inset - width, 1.0 - inset - (5 * textCell) - random.NextDouble(0.0, 0.02), textCell, 0.95f);
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
