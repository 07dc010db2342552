using MultiMix.Train.Data;

namespace MultiMix.Train.Training;

/// <summary>
/// The splits one run uses. Unlabeled segmentation items are used without their masks. The cross-domain sets
/// are data from another "hospital", used only for evaluation. Any part is null when the run does not use it.
/// </summary>
public sealed record DataSets(
    ISegmentationSource? SegLabeled,
    ISegmentationSource? SegUnlabeled,
    ISegmentationSource? SegValidation,
    ISegmentationSource? SegTest,
    IClassificationSource? ClsLabeled,
    IClassificationSource? ClsUnlabeled,
    IClassificationSource? ClsValidation,
    IClassificationSource? ClsTest,
    ISegmentationSource? SegCrossDomain = null,
    IClassificationSource? ClsCrossDomain = null);
