using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class SplitTests
{
    [Fact]
    public void PartsAreDisjointAndSized()
    {
        var split = DataSplit.Partition(100, new SplitCounts(Labeled: 10, Validation: 5, Test: 20), seed: 3);

        Assert.Equal(10, split.Labeled.Length);
        Assert.Equal(5, split.Validation.Length);
        Assert.Equal(20, split.Test.Length);
        Assert.Equal(65, split.Unlabeled.Length);
        var all = split.Labeled.Concat(split.Unlabeled).Concat(split.Validation).Concat(split.Test).ToArray();
        Assert.Equal(Enumerable.Range(0, 100), all.Order());
    }

    [Fact]
    public void SameSeedSameSplitOtherSeedOtherSplit()
    {
        var counts = new SplitCounts(10, 5, 5, Unlabeled: 30);
        var a = DataSplit.Partition(60, counts, 9);
        var b = DataSplit.Partition(60, counts, 9);
        var c = DataSplit.Partition(60, counts, 10);

        Assert.Equal(a.Labeled, b.Labeled);
        Assert.Equal(a.Unlabeled, b.Unlabeled);
        Assert.Equal(30, a.Unlabeled.Length);
        Assert.NotEqual(a.Labeled, c.Labeled);
    }

    [Fact]
    public void LabelBudgetDoesNotMoveTheTestSet()
    {
        var small = DataSplit.Partition(80, new SplitCounts(10, 5, 20), 1);
        var large = DataSplit.Partition(80, new SplitCounts(50, 5, 20), 1);

        Assert.Equal(small.Test, large.Test);
        Assert.Equal(small.Validation, large.Validation);
    }

    [Fact]
    public void TooManyRequestedIsADataException()
    {
        var error = Assert.Throws<DataException>(() => DataSplit.Partition(20, new SplitCounts(10, 5, 10), 1));

        Assert.Contains("= 25 items, but the data set has 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubsetsForwardToTheirIndices()
    {
        var source = new SyntheticClassificationSource(10, SyntheticDomain.A, 5);
        var subset = new Subset<ClassificationSample>(source, [7, 2]);

        Assert.Equal(2, subset.Count);
        Assert.Equal(source.Load(2, 16).Label, subset.Load(1, 16).Label);
        Assert.Equal(source.Load(7, 16).Image.Pixels, subset.Load(0, 16).Image.Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Subset<ClassificationSample>(source, [10]));

        var segmentation = new SyntheticSegmentationSource(4, SyntheticDomain.B, 5);
        Assert.Equal(segmentation.Load(3, 16).Mask.Pixels, new Subset<SegmentationSample>(segmentation, [3]).Load(0, 16).Mask.Pixels);
    }
}
