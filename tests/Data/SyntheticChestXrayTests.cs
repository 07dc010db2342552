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
