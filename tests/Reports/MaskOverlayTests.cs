using MultiMix.Train.Data;
using MultiMix.Train.Reports;
using Xunit;

namespace MultiMix.Tests.Reports;

public sealed class MaskOverlayTests
{
    [Fact]
    public void BoundariesColourExactlyTheEdgePixels()
    {
        // Predicted mask: x 1..4, y 1..3 (probabilities 0.6 inside, 0.49 outside); its interior is (2,2), (3,2).
        // Reference: x 0..2 of every row, touching the image edge, so its edge pixels count as boundary; its
        // interior is x = 1, y 1..3. P predicted only, R reference only, B both, '.' untouched gray.
        var image = new GrayImage(6, 5, [.. Enumerable.Repeat(0.5f, 30)]);
        var predicted = Mask(6, 5, (x, y) => x is >= 1 and <= 4 && y is >= 1 and <= 3, 0.6f, 0.49f);
        var reference = Mask(6, 5, (x, _) => x <= 2, 1f, 0f);
        string[] expected =
        [
            "RRR...",
            "RPBPP.",
            "RPR.P.",
            "RPBPP.",
            "RRR...",
        ];

        var overlay = MaskOverlay.Draw(image, predicted, reference);

        Assert.Equal(expected, Classify(overlay));
    }

    [Fact]
    public void NoMasksGiveTheGrayImage()
    {
        var image = new GrayImage(3, 2, [0f, 0.25f, 0.5f, 0.75f, 1f, 0.1f]);

        var overlay = MaskOverlay.Draw(image, null, null);

        Assert.Equal(new byte[] { 0, 0, 0, 64, 64, 64, 128, 128, 128, 191, 191, 191, 255, 255, 255, 26, 26, 26 }, overlay.Rgb);
    }

    [Fact]
    public void LargeImagesGetTwoPixelBoundariesInsideTheMask()
    {
        var image = new GrayImage(256, 256);
        var predicted = Mask(256, 256, (x, y) => x is >= 100 and <= 199 && y is >= 100 and <= 199, 1f, 0f);

        var overlay = MaskOverlay.Draw(image, predicted, null);

        Assert.Equal(MaskOverlay.PredictedColor, overlay[100, 150]);
        Assert.Equal(MaskOverlay.PredictedColor, overlay[101, 150]);
        Assert.Equal(MaskOverlay.PredictedColor, overlay[101, 101]);
        Assert.Equal(MaskOverlay.PredictedColor, overlay[198, 150]);
        Assert.Equal(((byte)0, (byte)0, (byte)0), overlay[102, 150]);
        Assert.Equal(((byte)0, (byte)0, (byte)0), overlay[99, 150]);
        Assert.Equal(((byte)0, (byte)0, (byte)0), overlay[150, 150]);
    }

    [Fact]
    public void MaskOfAnotherSizeIsRejected()
    {
        Assert.Throws<ArgumentException>(() => MaskOverlay.Draw(new GrayImage(4, 4), new GrayImage(4, 5), null));
    }

    private static GrayImage Mask(int width, int height, Func<int, int, bool> inside, float on, float off)
    {
        var mask = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                mask[x, y] = inside(x, y) ? on : off;
            }
        }

        return mask;
    }

    private static string[] Classify(RgbImage overlay)
    {
        var rows = new string[overlay.Height];
        for (var y = 0; y < overlay.Height; y++)
        {
            var row = new char[overlay.Width];
            for (var x = 0; x < overlay.Width; x++)
            {
                var color = overlay[x, y];
                row[x] = color == MaskOverlay.PredictedColor ? 'P'
                    : color == MaskOverlay.ReferenceColor ? 'R'
                    : color == MaskOverlay.BothColor ? 'B'
                    : color == (128, 128, 128) ? '.'
                    : '?';
            }

            rows[y] = new string(row);
        }

        return rows;
    }
}
