using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;

namespace MultiMix.Train.Runs;

/// <summary>Kinds of data set a run can read (each task accepts some of them).</summary>
public enum SourceKind
{
    /// <summary>The built-in synthetic chest X-rays (domain A in-domain, domain B as the other hospital).</summary>
    Synthetic,
    /// <summary>Generic layouts: one folder per class, or images/ + masks/.</summary>
    Folder,
    Jsrt,
    Montgomery,
    Kermany,
    Nih,
}

/// <summary>One data set as named on the command line: its kind and the paths that kind needs.</summary>
public sealed record SourceSpec(SourceKind Kind, string? Dir = null, string? Masks = null, string? Csv = null)
{
    public static SourceSpec Synthetic { get; } = new(SourceKind.Synthetic);

    public string RequiredDir => Dir ?? throw new ArgumentException($"a {Kind} data set needs a folder");
}

/// <summary>
/// The data a train, eval or compare run uses, and how it is split; <see cref="Open"/> makes the
/// <see cref="DataSets"/>. The defaults are the paper's label counts and the built-in synthetic data.
/// </summary>
public sealed record DataSpec
{
    public SourceSpec Segmentation { get; init; } = SourceSpec.Synthetic;

    public SourceSpec Classification { get; init; } = SourceSpec.Synthetic;

    /// <summary>Cross-domain segmentation test data; the synthetic domain B is used only with synthetic training data.</summary>
    public SourceSpec CrossSegmentation { get; init; } = SourceSpec.Synthetic;

    /// <summary>Cross-domain classification test data; the synthetic domain B is used only with synthetic training data.</summary>
    public SourceSpec CrossClassification { get; init; } = SourceSpec.Synthetic;

    public int SegLabels { get; init; } = 10;

    public int ClsLabels { get; init; } = 100;

    public int SegValidation { get; init; } = 10;

    public int ClsValidation { get; init; } = 40;

    /// <summary>Segmentation test images (montgomery/jsrt cross-domain sets are used whole).</summary>
    public int SegTest { get; init; } = 20;

    /// <summary>Classification test images (kermany uses its own test split).</summary>
    public int ClsTest { get; init; } = 60;

    /// <summary>Synthetic segmentation images generated.</summary>
    public int SegCount { get; init; } = 80;

    /// <summary>Synthetic classification images generated.</summary>
    public int ClsCount { get; init; } = 400;

    /// <summary>Seed of the synthetic data and of the splits.</summary>
    public ulong DataSeed { get; init; } = 7;

    /// <summary>True when both training sets are the built-in synthetic data.</summary>
    public bool IsSynthetic => Segmentation.Kind == SourceKind.Synthetic && Classification.Kind == SourceKind.Synthetic;

    /// <summary>A line for reports saying which data this is.</summary>
    public string Description => IsSynthetic ? "built-in synthetic chest X-rays (domain A in-domain, domain B cross-domain)" : "as given on the command line";

    public DataSets Open()
    {
        var (segTrain, segTest) = OpenSegmentation(Segmentation, DataSeed, SyntheticDomain.A, SegCount);
        var (clsTrain, clsTest) = OpenClassification(Classification, train: true, DataSeed, SyntheticDomain.A, ClsCount);
        var segSplit = DataSplit.Partition(segTrain.Count, new SplitCounts(SegLabels, SegValidation, segTest is null ? SegTest : 0), DataSeed);
        var clsSplit = DataSplit.Partition(clsTrain.Count, new SplitCounts(ClsLabels, ClsValidation, clsTest is null ? ClsTest : 0), DataSeed);
        var crossSeg = CrossDomainWanted(CrossSegmentation, Segmentation) ? OpenSegmentation(CrossSegmentation, DataSeed + 1, SyntheticDomain.B, SegTest).Train : null;
        var crossCls = CrossDomainWanted(CrossClassification, Classification) ? OpenClassification(CrossClassification, train: false, DataSeed + 1, SyntheticDomain.B, ClsTest).Train : null;
        return new DataSets(
            new Subset<SegmentationSample>(segTrain, segSplit.Labeled),
            new Subset<SegmentationSample>(segTrain, segSplit.Unlabeled),
            new Subset<SegmentationSample>(segTrain, segSplit.Validation),
            segTest ?? new Subset<SegmentationSample>(segTrain, segSplit.Test),
            new Subset<ClassificationSample>(clsTrain, clsSplit.Labeled),
            new Subset<ClassificationSample>(clsTrain, clsSplit.Unlabeled),
            new Subset<ClassificationSample>(clsTrain, clsSplit.Validation),
            clsTest ?? new Subset<ClassificationSample>(clsTrain, clsSplit.Test),
            crossSeg is { Count: > 0 } ? crossSeg : null,
            crossCls is { Count: > 0 } ? crossCls : null);
    }

    /// <summary>The synthetic domain B is the default "other hospital" only for synthetic training data; real data gets a cross-domain set only when one is named.</summary>
    private static bool CrossDomainWanted(SourceSpec cross, SourceSpec training) =>
        cross.Kind != SourceKind.Synthetic || training.Kind == SourceKind.Synthetic;

    private static (IImageSource<SegmentationSample> Train, IImageSource<SegmentationSample>? Test) OpenSegmentation(SourceSpec s, ulong seed, SyntheticDomain domain, int count) => s.Kind switch
    {
        SourceKind.Synthetic => (new CachedSource<SegmentationSample>(new SyntheticSegmentationSource(count, domain, seed)), null),
        SourceKind.Folder => (FolderSegmentationDataset.Open(s.RequiredDir), null),
        SourceKind.Montgomery => (MontgomeryDataset.Open(s.RequiredDir), null),
        SourceKind.Jsrt => (JsrtDataset.Open(s.RequiredDir, s.Masks ?? throw new ArgumentException("a jsrt data set needs its mask folder")), null),
        _ => throw new ArgumentException($"{s.Kind} is not a segmentation data set"),
    };

    /// <summary>Kermany brings its own test split: for training data its train split is split and its test split tested; as a cross-domain set its test split is used.</summary>
    private static (IImageSource<ClassificationSample> Train, IImageSource<ClassificationSample>? Test) OpenClassification(SourceSpec s, bool train, ulong seed, SyntheticDomain domain, int count) => s.Kind switch
    {
        SourceKind.Synthetic => (new CachedSource<ClassificationSample>(new SyntheticClassificationSource(count, domain, seed)), null),
        SourceKind.Folder => (FolderClassificationDataset.Open(s.RequiredDir), null),
        SourceKind.Kermany => train
            ? (KermanyDataset.Open(s.RequiredDir, "train"), KermanyDataset.Open(s.RequiredDir, "test"))
            : (KermanyDataset.Open(s.RequiredDir, "test"), null),
        SourceKind.Nih => (NihDataset.Open(s.RequiredDir, s.Csv ?? throw new ArgumentException("an nih data set needs its csv file")), null),
        _ => throw new ArgumentException($"{s.Kind} is not a classification data set"),
    };
}
