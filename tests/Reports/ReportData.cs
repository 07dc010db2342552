using MultiMix.Train.Data;
using MultiMix.Train.Metrics;
using MultiMix.Train.Reports;

namespace MultiMix.Tests.Reports;

/// <summary>Small hand-made report inputs.</summary>
internal static class ReportData
{
    public static readonly ClassificationScores Classification =
        ClassificationScores.Compute([0, 1, 1, 1, 0], [0, 1, 0, 1, 1]);

    public static readonly SegmentationScores Segmentation = new(0.9123456789, 0.8, 0.95, 0.875, 0.7, 2.5);

    public static IReadOnlyList<MetricsRow> Rows() =>
    [
        new("MultiMix, semi", "Kermany", Classification, null),
        new("U-Net", "JSRT \"test\"", null, Segmentation),
        new("MultiMix, semi", "NIH", Classification, Segmentation),
    ];

    public static IReadOnlyList<EpochRecord> History() =>
    [
        new(1, 1e-3, 10, 1.2, 0.7, 0.5, null, null, null, 1.1, 0.6, 0.7, 12.5),
        new(2, 1e-3, 10, 0.9, 0.5, 0.4, null, null, null, 0.95, 0.7, 0.8, 12.1),
        new(3, 1e-3, 10, 0.8, 0.45, 0.35, null, null, null, 0.9, null, 0.85, 12.3),
    ];

    /// <summary>A 64 × 64 "radiograph" with a disc for the predicted lung and a shifted disc for the reference.</summary>
    public static SamplePrediction Full(string name)
    {
        var image = Fill(64, (x, y) => 0.2f + (0.6f * x / 63f));
        var probability = Fill(64, (x, y) => Disc(x, y, 30, 32, 14) ? 0.9f : 0.1f);
        var reference = Fill(64, (x, y) => Disc(x, y, 34, 32, 14) ? 1f : 0f);
        var saliency = Fill(64, (x, y) => MathF.Exp(-(((x - 20) * (x - 20)) + ((y - 40) * (y - 40))) / 50f));
        return new SamplePrediction(name, image, probability, reference, saliency, 0.8731f, 1);
    }

    public static SamplePrediction ImageOnly(string name) =>
        new(name, Fill(32, (x, y) => (x + y) / 62f), null, null, null, 0.25f, 0);

    private static bool Disc(int x, int y, int cx, int cy, int r) => ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r;

    private static GrayImage Fill(int side, Func<int, int, float> value)
    {
        var image = new GrayImage(side, side);
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                image[x, y] = value(x, y);
            }
        }

        return image;
    }
}
