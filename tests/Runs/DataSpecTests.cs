using MultiMix.Train.Data;
using MultiMix.Train.Runs;
using Xunit;

namespace MultiMix.Tests.Runs;

public sealed class DataSpecTests
{
    private static DataSpec Small(int? clsTest = null) => new()
    {
        SegCount = 12,
        SegLabels = 3,
        SegValidation = 2,
        SegTest = 4,
        ClsCount = 20,
        ClsLabels = 5,
        ClsValidation = 3,
        ClsTest = clsTest,
    };

    private static float[][] Pixels(IImageSource<ClassificationSample> set) =>
        [.. Enumerable.Range(0, set.Count).Select(i => set.Load(i, 32).Image.Pixels)];

    [Fact]
    public void Synthetic_test_sets_are_generated_apart_from_the_training_pool()
    {
        var few = Small(clsTest: 6).Open();
        var many = Small(clsTest: 15).Open();

        Assert.Equal(Pixels(few.ClsLabeled!), Pixels(many.ClsLabeled!));
        Assert.Equal(Pixels(few.ClsUnlabeled!), Pixels(many.ClsUnlabeled!));
        Assert.Equal(Pixels(few.ClsValidation!), Pixels(many.ClsValidation!));
        Assert.Equal(20, few.ClsLabeled!.Count + few.ClsUnlabeled!.Count + few.ClsValidation!.Count);
        Assert.Equal(6, few.ClsTest!.Count);
        Assert.Equal(15, many.ClsTest!.Count);
        Assert.Equal(Pixels(few.ClsTest), Pixels(many.ClsTest!)[..6]);
        var training = Pixels(many.ClsLabeled!).Concat(Pixels(many.ClsUnlabeled!)).Concat(Pixels(many.ClsValidation!)).ToList();
        Assert.DoesNotContain(Pixels(many.ClsTest!), t => training.Any(p => p.AsSpan().SequenceEqual(t)));
    }

    [Fact]
    public void Synthetic_defaults_give_large_test_sets_and_cross_domain_validation_sets()
    {
        var spec = new DataSpec();
        Assert.Equal(DataSpec.SyntheticClsTest, spec.ClsTestCount);
        Assert.Equal(DataSpec.SyntheticSegTest, spec.SegTestCount);
        Assert.Equal(DataSpec.FolderClsTest, (spec with { Classification = new SourceSpec(SourceKind.Folder, "x") }).ClsTestCount);

        var sets = Small(clsTest: 5).Open();
        Assert.Equal(5, sets.ClsCrossDomain!.Count);
        Assert.Equal(3, sets.ClsCrossValidation!.Count);
        Assert.Equal(2, sets.SegCrossValidation!.Count);
        var test = Pixels(sets.ClsCrossDomain);
        Assert.DoesNotContain(Pixels(sets.ClsCrossValidation), v => test.Any(t => t.AsSpan().SequenceEqual(v)));
    }
}
