namespace MultiMix.Train.Data;

/// <summary>
/// The splits one run uses. Unlabeled segmentation items are used without their masks. The cross-domain sets
/// are data from another "hospital", used only for evaluation. Any part is null when the run does not use it.
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
    IImageSource<ClassificationSample>? ClsCrossDomain = null);
