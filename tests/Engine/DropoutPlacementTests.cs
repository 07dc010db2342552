using MultiMix.Tensors;
using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>
/// Dropout on parts of a global batch (data-parallel ranks): with a placement, each image draws the mask it draws
/// when the whole global batch is one tensor, and the stream advances as it does for the global batch.
/// </summary>
public sealed class DropoutPlacementTests
{
    private const int PerImage = 2 * 4 * 4;

    /// <summary>A global batch of three streams of 4 images; a rank of 2 holds images [2k, 2k + 2) of each stream.</summary>
    private static BatchPlacement RankOf(int rank) => new(12, [new(0, (rank * 2) + 0, 2), new(2, (rank * 2) + 4, 2), new(4, (rank * 2) + 8, 2)]);

    private static int[] GlobalImages(int rank) => [.. RankOf(rank).Runs.SelectMany(r => Enumerable.Range(r.Global, r.Count))];

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void EachRanksMasksAreTheGlobalBatchsMasksOfItsImages(string name)
    {
        var b = Backends.Get(name);
        var values = new float[12 * PerImage];
        Philox.FillUniform(values, 3, 0);
        using var scope = new TensorScope();
        var whole = new RandomStream(77, 5);
        var global = F.Dropout(Tensor.FromArray(b, values, 12, 2, 4, 4), 0.25f, true, whole).ToArray();
        for (var rank = 0; rank < 2; rank++)
        {
            var images = GlobalImages(rank);
            var mine = images.SelectMany(i => values.Skip(i * PerImage).Take(PerImage)).ToArray();
            var stream = new RandomStream(77, 5) { Placement = RankOf(rank) };
            var local = F.Dropout(Tensor.FromArray(b, mine, 6, 2, 4, 4), 0.25f, true, stream).ToArray();
            var expected = images.SelectMany(i => global.Skip(i * PerImage).Take(PerImage)).ToArray();
            Assert.Equal(expected, local);
            Assert.Equal(whole.Offset, stream.Offset);
        }
    }

    [Fact]
    public void WithoutAPlacementABatchIsOneDrawOfItsOwn()
    {
        var stream = new RandomStream(1, 10);
        var draws = stream.ReserveBatch(12 * PerImage, 12);
        Assert.Equal([new RandomDraw(0, 12 * PerImage, 10)], draws);
        Assert.Equal(10 + Philox.CountersFor(12 * PerImage), stream.Offset);
    }

    [Fact]
    public void APlacedBatchDrawsFromItsImagesPlacesInTheGlobalBatch()
    {
        var stream = new RandomStream(1, 10) { Placement = RankOf(1) };
        var draws = stream.ReserveBatch(6 * PerImage, 6);
        Assert.Equal(
            [new RandomDraw(0, 2 * PerImage, 10 + (2 * PerImage / 4)), new RandomDraw(2 * PerImage, 2 * PerImage, 10 + (6 * PerImage / 4)), new RandomDraw(4 * PerImage, 2 * PerImage, 10 + (10 * PerImage / 4))],
            draws);
        Assert.Equal(10 + (12 * PerImage / 4), (long)stream.Offset);
    }

    [Fact]
    public void ABatchThatDoesNotFitThePlacementIsRefused()
    {
        var stream = new RandomStream(1) { Placement = RankOf(0) };
        Assert.Contains("does not fit the stream's placement of 6 images", Assert.Throws<InvalidOperationException>(() => stream.ReserveBatch(5 * PerImage, 5)).Message);
        Assert.Contains("an image of 6 elements does not fill whole Philox counters", Assert.Throws<InvalidOperationException>(() => stream.ReserveBatch(36, 6)).Message);
    }

    [Fact]
    public void RunsMustFollowEachOtherInsideTheGlobalBatch()
    {
        Assert.Throws<ArgumentException>(() => new BatchPlacement(4, [new(0, 0, 2), new(3, 2, 1)]));
        Assert.Throws<ArgumentException>(() => new BatchPlacement(4, [new(0, 3, 2)]));
        Assert.Equal(3, new BatchPlacement(4, [new(0, 2, 2), new(2, 0, 1)]).LocalImages);
    }
}
