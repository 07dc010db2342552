using MultiMix.Train.Data;

namespace MultiMix.Tests.Data;

/// <summary>Small test images built from 8-bit levels.</summary>
internal static class Images
{
    public static GrayImage FromLevels(int width, int height, params int[] levels) =>
        new(width, height, [.. levels.Select(l => l / 255f)]);

    public static int[] Levels(GrayImage image) => [.. image.Pixels.Select(v => (int)MathF.Round(v * 255f))];

    public static GrayImage Ramp(int width, int height) =>
        new(width, height, [.. Enumerable.Range(0, width * height).Select(i => (i % 251) / 255f)]);
}
