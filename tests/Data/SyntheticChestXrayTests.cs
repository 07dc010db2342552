using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class SyntheticChestXrayTests
{
    [Fact]
    public void SameSeedGivesIdenticalPixelsAndMasks()
    {
        var a = SyntheticChestXray.Generate(3, 48, SyntheticDomain.A, 11);
        var b = SyntheticChestXray.Generate(3, 48, SyntheticDomain.A, 11);

        Assert.Equal(a.Image.Pixels, b.Image.Pixels);
        Assert.Equal(a.Mask.Pixels, b.Mask.Pixels);
        Assert.Equal(a.Label, b.Label);
    }

    [Fact]
    public void OtherSeedIndexOrDomainGivesOtherImages()
    {
        var reference = SyntheticChestXray.Generate(3, 48, SyntheticDomain.A, 11).Image.Pixels;

        Assert.NotEqual(reference, SyntheticChestXray.Generate(3, 48, SyntheticDomain.A, 12).Image.Pixels);
        Assert.NotEqual(reference, SyntheticChestXray.Generate(4, 48, SyntheticDomain.A, 11).Image.Pixels);
        Assert.NotEqual(reference, SyntheticChestXray.Generate(3, 48, SyntheticDomain.B, 11).Image.Pixels);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    public void MasksHoldTwoLungsOfPlausibleSize(string domainName)
    {
        var domain = SyntheticDomain.Parse(domainName);
        for (var i = 0; i < 10; i++)
        {
            var mask = SyntheticChestXray.Generate(i, 64, domain, 1).Mask;
            var fraction = MaskOps.CountForeground(mask) / (64.0 * 64.0);
            Assert.InRange(fraction, 0.08, 0.35);
            Assert.All(mask.Pixels, v => Assert.True(v is 0f or 1f));
            var gap = Enumerable.Range(24, 16).First(x => ColumnCount(mask, x) == 0);
            Assert.True(RegionCount(mask, 0, gap) > 0.3 * RegionCount(mask, gap, 64), "a lung left of the mediastinum");
            Assert.True(RegionCount(mask, gap, 64) > 0.3 * RegionCount(mask, 0, gap), "a lung right of the mediastinum");
        }
    }

    [Fact]
    public void LungFieldsAreDarkerThanTheMediastinum()
    {
        for (var i = 0; i < 6; i++)
        {
            var sample = SyntheticChestXray.Generate(i, 64, SyntheticDomain.A, 2);
            var lung = Mean(sample.Image, sample.Mask, inside: true);
            var centre = Enumerable.Range(16, 24).Average(y => (sample.Image[31, y] + sample.Image[32, y]) / 2.0);
            Assert.True(lung + 0.15 < centre, $"image {i}: lung mean {lung:F3}, mediastinum {centre:F3}");
        }
    }

    [Fact]
    public void PneumoniaBrightensTheLungFields()
    {
        var positive = new List<double>();
        var negative = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var sample = SyntheticChestXray.Generate(i, 32, SyntheticDomain.A, 4);
            (sample.Label == 1 ? positive : negative).Add(Mean(sample.Image, sample.Mask, inside: true));
        }

        Assert.NotEmpty(positive);
        Assert.NotEmpty(negative);
        Assert.True(positive.Average() > negative.Average() + 0.03, $"positive {positive.Average():F3}, negative {negative.Average():F3}");
    }

    [Fact]
    public void LabelsFollowThePneumoniaRateAndAgreeWithGenerate()
    {
        var labels = Enumerable.Range(0, 400).Select(i => SyntheticChestXray.LabelOf(i, SyntheticDomain.A, 8)).ToArray();
        var rare = SyntheticDomain.A with { PneumoniaRate = 0.1 };

        Assert.InRange(labels.Average(), 0.42, 0.58);
        Assert.InRange(Enumerable.Range(0, 400).Average(i => SyntheticChestXray.LabelOf(i, rare, 8)), 0.05, 0.16);
        Assert.Equal(labels[5], SyntheticChestXray.Generate(5, 16, SyntheticDomain.A, 8).Label);
    }

    [Fact]
    public void DomainsDifferInIntensityAndBorder()
    {
        var a = SyntheticChestXray.Generate(0, 64, SyntheticDomain.A, 5).Image;
        var b = SyntheticChestXray.Generate(0, 64, SyntheticDomain.B, 5).Image;

        Assert.True(a[0, 0] < 0.2f, "domain A background is dark");
        Assert.Equal((float)SyntheticDomain.B.BorderValue, b[0, 0]);
        Assert.Equal((float)SyntheticDomain.B.BorderValue, b[63, 40]);
        Assert.True(Math.Abs(a.Pixels.Average() - b.Pixels.Average()) > 0.05);
    }

    /// <summary>
    /// Another hospital's display must not erase the disease: for the same patients with and without opacities
    /// (noise and jitter off), the brightest 5% of the difference inside the lungs keeps at least 70% of its
    /// domain-A contrast in domain B and stays at least five times domain B's noise, at the training size.
    /// </summary>
    [Fact]
    public void PneumoniaStaysReadableInDomainB()
    {
        var a = CueContrast(SyntheticDomain.A);
        var b = CueContrast(SyntheticDomain.B);
        Assert.True(b >= 0.7 * a, $"pneumonia contrast {b:F3} in domain B, {a:F3} in domain A");
        Assert.True(b >= 5 * SyntheticDomain.B.NoiseSigma, $"pneumonia contrast {b:F3} against noise σ {SyntheticDomain.B.NoiseSigma}");
    }

    [Fact]
    public void DomainBCarriesMarkerTextAndTilt()
    {
        var plain = SyntheticDomain.B with { Annotations = false };
        var marked = SyntheticChestXray.Generate(3, 128, SyntheticDomain.B, 5).Image;
        var bare = SyntheticChestXray.Generate(3, 128, plain, 5).Image;
        var changed = Enumerable.Range(0, marked.Pixels.Length).Where(i => marked.Pixels[i] != bare.Pixels[i]).ToList();
        Assert.Contains(changed, i => i % 128 < 32 && i / 128 < 32);
        Assert.Contains(changed, i => i % 128 >= 64 && i / 128 >= 96);
        Assert.All(changed, i => Assert.True(i % 128 < 32 && i / 128 < 32 || i / 128 >= 96, $"pixel {i % 128},{i / 128} changed"));
        Assert.True(changed.Max(i => marked.Pixels[i]) > 0.9, "annotations are bright");
        Assert.All(changed, i => Assert.True(marked.Pixels[i] > bare.Pixels[i], "annotations only brighten"));

        var level = SyntheticDomain.B with { TiltJitter = 0, Tilt = 0 };
        var tilted = SyntheticChestXray.Generate(3, 64, SyntheticDomain.B with { TiltJitter = 0, Tilt = 6 }, 5).Mask;
        Assert.NotEqual(SyntheticChestXray.Generate(3, 64, level, 5).Mask.Pixels, tilted.Pixels);
    }

    /// <summary>The 95th percentile, over lung pixels, of (image with opacities − the same image without), averaged over patients.</summary>
    private static double CueContrast(SyntheticDomain domain)
    {
        var clean = domain with { NoiseSigma = 0, PositionJitter = 0, TiltJitter = 0 };
        var contrasts = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var sick = SyntheticChestXray.Generate(i, 64, clean with { PneumoniaRate = 1 }, 5);
            var healthy = SyntheticChestXray.Generate(i, 64, clean with { PneumoniaRate = 0 }, 5);
            var differences = Enumerable.Range(0, sick.Image.Pixels.Length)
                .Where(k => healthy.Mask.Pixels[k] >= 0.5f)
                .Select(k => (double)(sick.Image.Pixels[k] - healthy.Image.Pixels[k]))
                .Order()
                .ToList();
            contrasts.Add(differences[(int)(0.95 * (differences.Count - 1))]);
        }

        return contrasts.Average();
    }

    [Fact]
    public void ValuesStayInUnitRange()
    {
        foreach (var domain in SyntheticDomain.All)
        {
            Assert.All(SyntheticChestXray.Generate(1, 40, domain, 6).Image.Pixels, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Fact]
    public void MaskShapeIsIndependentOfResolution()
    {
        var small = SyntheticChestXray.Generate(2, 64, SyntheticDomain.A, 7).Mask;
        var large = SyntheticChestXray.Generate(2, 128, SyntheticDomain.A, 7).Mask;

        var shrunk = MaskOps.Resize(large, 64, 64);
        var differing = small.Pixels.Zip(shrunk.Pixels).Count(p => p.First != p.Second);
        Assert.True(differing < 0.03 * MaskOps.CountForeground(small), $"{differing} pixels differ");
    }

    [Fact]
    public void SourcesServeTheGenerator()
    {
        var classification = new SyntheticClassificationSource(5, SyntheticDomain.A, 3);
        var segmentation = new SyntheticSegmentationSource(5, SyntheticDomain.A, 3);
        var direct = SyntheticChestXray.Generate(4, 32, SyntheticDomain.A, 3);

        Assert.Equal(direct.Label, classification.Load(4, 32).Label);
        Assert.Equal(direct.Image.Pixels, classification.Load(4, 32).Image.Pixels);
        Assert.Equal(direct.Mask.Pixels, segmentation.Load(4, 32).Mask.Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => classification.Load(5, 32));
    }

    [Fact]
    public void ParseRejectsUnknownDomains() =>
        Assert.Throws<ArgumentException>(() => SyntheticDomain.Parse("hospital-z"));

    private static double Mean(GrayImage image, GrayImage mask, bool inside) =>
        image.Pixels.Where((_, i) => (mask.Pixels[i] >= 0.5f) == inside).Average(v => (double)v);

    private static int RegionCount(GrayImage mask, int fromX, int toX)
    {
        var count = 0;
        for (var x = fromX; x < toX; x++)
        {
            count += ColumnCount(mask, x);
        }

        return count;
    }

    private static int ColumnCount(GrayImage mask, int x) =>
        Enumerable.Range(0, mask.Height).Count(y => mask[x, y] >= 0.5f);
}
