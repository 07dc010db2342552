using MultiMix.Train.Data;
using MultiMix.Train.Metrics;
using Xunit;

namespace MultiMix.Tests.Metrics;

public sealed class HausdorffTests
{
    [Fact]
    public void SinglePixelsThreeFourFiveApart()
    {
        var a = Pixels(8, 8, (0, 0));
        var b = Pixels(8, 8, (3, 4));

        Assert.Equal(5.0, AverageHausdorff.Compute(a, b, 8, 8), 12);
    }

    [Fact]
    public void DirectedMeansAreAveraged()
    {
        // A = {(0,0), (0,1)}, B = {(0,0)}: d(A,B) = (0 + 1)/2 = 0.5, d(B,A) = 0, average 0.25.
        var a = Pixels(4, 4, (0, 0), (0, 1));
        var b = Pixels(4, 4, (0, 0));

        Assert.Equal(0.25, AverageHausdorff.Compute(a, b, 4, 4), 12);
    }

    [Fact]
    public void AsymmetricSetsUseBothDirections()
    {
        // A = {(0,0), (2,0), (4,0)}, B = {(0,0), (0,2)}: d(A,B) = (0 + 2 + 4)/3 = 2,
        // d(B,A) = (0 + 2)/2 = 1, average 1.5.
        var a = Pixels(6, 6, (0, 0), (2, 0), (4, 0));
        var b = Pixels(6, 6, (0, 0), (0, 2));

        Assert.Equal(1.5, AverageHausdorff.Compute(a, b, 6, 6), 12);
    }

    [Fact]
    public void EmptyConventions()
    {
        var empty = new bool[12];
        var one = Pixels(3, 4, (1, 1));

        Assert.Equal(0.0, AverageHausdorff.Compute(empty, empty, 3, 4));
        Assert.Equal(5.0, AverageHausdorff.Compute(empty, one, 3, 4), 12);
        Assert.Equal(5.0, AverageHausdorff.Compute(one, empty, 3, 4), 12);
    }

    [Fact]
    public void DistanceTransformMatchesBruteForce()
    {
        var random = new SeededRandom(12);
        const int width = 23;
        const int height = 17;
        for (var trial = 0; trial < 20; trial++)
        {
            var density = 0.01 + (0.2 * random.NextDouble());
            var mask = Enumerable.Range(0, width * height).Select(_ => random.NextBool(density)).ToArray();
            mask[random.NextInt(mask.Length)] = true;

            var fast = DistanceTransform.SquaredToForeground(mask, width, height);

            for (var i = 0; i < mask.Length; i++)
            {
                var best = double.MaxValue;
                for (var j = 0; j < mask.Length; j++)
                {
                    if (mask[j])
                    {
                        var dx = (i % width) - (j % width);
                        var dy = (i / width) - (j / width);
                        best = Math.Min(best, (dx * dx) + (dy * dy));
                    }
                }

                Assert.Equal(best, fast[i]);
            }
        }
    }

    private static bool[] Pixels(int width, int height, params (int X, int Y)[] points)
    {
        var mask = new bool[width * height];
        foreach (var (x, y) in points)
        {
            mask[(y * width) + x] = true;
        }

        return mask;
    }
}
