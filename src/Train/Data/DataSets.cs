namespace MultiMix.Train.Data;

/// <summary>
/// The splits one run uses. Unlabeled segmentation items are used without their masks. The cross-domain sets
/// are data from another "hospital", used only for evaluation. Any part is null when the run does not use it.
/// <see cref="Summary"/> says in a few lines where the data came from and how it was split.
/// </summary>
public sealed record DataSets(
    IImageSource<SegmentationSample>? SegLabeled,
    IImageSource<SegmentationSample>? SegUnlabeled,
    IImageSource<SegmentationSample>? SegValidation,
    IImageSource<SegmentationSample>? SegTest,
    IImageSource<ClassificationSample>? ClsLabeled,
    IImageSource<ClassificationSample>? ClsUnlabeled,
    IImageSource<ClassificationSample>? ClsValidation,
    IImageSource<ClassificationSample>? ClsTest,
    IImageSource<SegmentationSample>? SegCrossDomain = null,
    IImageSource<ClassificationSample>? ClsCrossDomain = null)
{
    public IReadOnlyList<string> Summary { get; init; } = [];

    /// <summary>The sets a training run reads: every split and the cross-domain sets.</summary>
    public IEnumerable<IDataItems> All() =>
        new IDataItems?[] { SegLabeled, SegUnlabeled, SegValidation, SegTest, ClsLabeled, ClsUnlabeled, ClsValidation, ClsTest, SegCrossDomain, ClsCrossDomain }.OfType<IDataItems>();

    /// <summary>The sets an evaluation reads: the test splits and the cross-domain sets.</summary>
    public IEnumerable<IDataItems> Tests() =>
        new IDataItems?[] { SegTest, ClsTest, SegCrossDomain, ClsCrossDomain }.OfType<IDataItems>();
}
