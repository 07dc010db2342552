using MultiMix.Train.Data;
using MultiMix.Train.Reports;
using Xunit;

namespace MultiMix.Tests.Reports;

public sealed class HeatMapTests
{
    [Fact]
    public void ZeroAndRobustMaximumMapToTheEndsOfTheColourMap()
    {
        // Values 0..99: the 99th percentile (nearest rank) is 98, so 98 and 99 both saturate and 49 sits mid-map.
        var saliency = new GrayImage(10, 10, [.. Enumerable.Range(0, 100).Select(i => (float)i)]);

        var heat = HeatMap.Render(saliency, null);

        Assert.Equal(98f, HeatMap.RobustMax(saliency.Pixels));
        Assert.Equal(ColorMap.Low, heat[0, 0]);
        Assert.Equal(ColorMap.High, heat[8, 9]);
        Assert.Equal(ColorMap.High, heat[9, 9]);
        Assert.Equal(ColorMap.At(0.5f), heat[9, 4]);
        Assert.Equal(((byte)0, (byte)0, (byte)4), ColorMap.Low);
        Assert.NotEqual(ColorMap.Low, ColorMap.At(0.5f));
        Assert.NotEqual(ColorMap.High, ColorMap.At(0.5f));
    }

    [Fact]
    public void ColourMapGetsBrighterAlongItsLength()
    {
        static int Brightness((byte R, byte G, byte B) c) => c.R + c.G + c.B;

        var previous = -1;
        for (var i = 0; i <= 20; i++)
        {
            var brightness = Brightness(ColorMap.At(i / 20f));
            Assert.True(brightness > previous, $"step {i}: {brightness} after {previous}");
            previous = brightness;
        }
    }

    [Fact]
    public void OverAnUnderlayZeroSaliencyLeavesTheImageAndTheMaximumBlends()
    {
        var saliency = new GrayImage(2, 1, [0f, 1f]);
        var underlay = new GrayImage(2, 1, [0.4f, 0.4f]);

        var heat = HeatMap.Render(saliency, underlay);

        Assert.Equal(((byte)102, (byte)102, (byte)102), heat[0, 0]);
        var (r, g, b) = ColorMap.High;
        byte Blend(byte over) => (byte)MathF.Round(102 + ((over - 102) * HeatMap.MaxOpacity));
        Assert.Equal((Blend(r), Blend(g), Blend(b)), heat[1, 0]);
    }

    [Fact]
    public void AllZeroSaliencyIsTheLowColour()
    {
        var heat = HeatMap.Render(new GrayImage(3, 3), null);

        for (var i = 0; i < heat.Rgb.Length; i += 3)
        {
            Assert.Equal(new[] { ColorMap.Low.R, ColorMap.Low.G, ColorMap.Low.B }, heat.Rgb[i..(i + 3)]);
        }
    }

    [Fact]
    public void SparseSaliencyFallsBackToTheMaximum()
    {
        var saliency = new GrayImage(20, 10);
        saliency[3, 4] = 0.02f;

        var heat = HeatMap.Render(saliency, null);

        Assert.Equal(ColorMap.High, heat[3, 4]);
        Assert.Equal(ColorMap.Low, heat[0, 0]);
    }
}
