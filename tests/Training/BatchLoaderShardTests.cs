using MultiMix.Distributed.Runtime;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Random;
using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using MultiMix.Train.Training;
using Xunit;

namespace MultiMix.Tests.Training;

/// <summary>A data-parallel rank's batch: its equal part of every stream of the global batch, images and augmentations alike.</summary>
public sealed class BatchLoaderShardTests
{
    private const int Size = 32;
    private const int Plane = Size * Size;

    private static DataSets Data() => new(
        new SyntheticSegmentationSource(5, SyntheticDomain.A, 1), new SyntheticSegmentationSource(7, SyntheticDomain.A, 2), null, null,
        new SyntheticClassificationSource(6, SyntheticDomain.A, 3), new SyntheticClassificationSource(9, SyntheticDomain.A, 4), null, null);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void TheRanksPartsPutTogetherAreTheGlobalBatchStreamByStream(int ranks)
    {
        var data = Data();
        var whole = new BatchLoader(data, ModelVariant.MultiMix, 4, Size, 7);
        var global = whole.Build(1, 2);
        var k = 4 / ranks;
        for (var rank = 0; rank < ranks; rank++)
        {
            var loader = new BatchLoader(data, ModelVariant.MultiMix, 4, Size, 7, world: new WorldInfo(rank, ranks, rank, ranks));
            Assert.Equal(new StreamLayout(k, k, k, k), loader.Layout);
            Assert.Equal(whole.Layout, loader.GlobalLayout);
            Assert.Equal(whole.StepsPerEpoch, loader.StepsPerEpoch);
            var part = loader.Build(1, 2);
            var l = part.Layout;
            var g = global.Layout;
            (int Local, int Global)[] streams = [(0, 0), (l.SegUnlabeledStart, g.SegUnlabeledStart), (l.ClsLabeledStart, g.ClsLabeledStart), (l.WeakStart, g.WeakStart), (l.StrongStart, g.StrongStart)];
            foreach (var (local, start) in streams)
            {
                Assert.Equal(global.Images.AsSpan((start + (rank * k)) * Plane, k * Plane).ToArray(), part.Images.AsSpan(local * Plane, k * Plane).ToArray());
            }
            Assert.Equal(global.Masks.AsSpan(rank * k * Plane, k * Plane).ToArray(), part.Masks);
            Assert.Equal(global.Labels.AsSpan(rank * k, k).ToArray(), part.Labels);
            Assert.Equal(streams.Select(s => new ImageRun(s.Local, s.Global + (rank * k), k)), loader.Placement!.Runs);
            Assert.Equal(g.Total, loader.Placement.GlobalImages);
        }
        Assert.Null(whole.Placement);
    }

    [Fact]
    public void APerStreamBatchThatDoesNotDivideByTheRanksIsRefused()
    {
        var e = Assert.Throws<DistributedSetupException>(() => new BatchLoader(Data(), ModelVariant.MultiMix, 6, Size, 7, world: new WorldInfo(1, 4, 1, 4)));
        Assert.Equal("the per-stream batch (--batch) of 6 does not split evenly across 4 ranks; use a multiple of 4", e.Message);
    }
}
