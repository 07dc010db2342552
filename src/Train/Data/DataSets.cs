namespace MultiMix.Train.Data;

/// <summary>
/// The splits one run uses. Unlabeled segmentation items are used without their masks, unlabeled classification
/// items without their classes (the classes serve only the pseudo-label diagnostics). The cross-domain sets are
/// data from another "hospital": their test sets are for evaluation, their validation sets for watching training
/// (never for choosing a checkpoint). Any part is null when the run does not use it.
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
    IImageSource<ClassificationSample>? ClsCrossDomain = null,
    IImageSource<SegmentationSample>? SegCrossValidation = null,
    IImageSource<ClassificationSample>? ClsCrossValidation = null)
{
    public IReadOnlyList<string> Summary { get; init; } = [];

    /// <summary>The sets a training run reads: every split and the cross-domain sets.</summary>
    public IEnumerable<IDataItems> All() =>
        new IDataItems?[] { SegLabeled, SegUnlabeled, SegValidation, SegTest, ClsLabeled, ClsUnlabeled, ClsValidation, ClsTest, SegCrossDomain, ClsCrossDomain, SegCrossValidation, ClsCrossValidation }.OfType<IDataItems>();

    /// <summary>The sets an evaluation reads: the test splits and the cross-domain sets.</summary>
    public IEnumerable<IDataItems> Tests() =>
        new IDataItems?[] { SegTest, ClsTest, SegCrossDomain, ClsCrossDomain }.OfType<IDataItems>();
}
