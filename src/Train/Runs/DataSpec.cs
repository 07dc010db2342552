using System.Globalization;
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
/// A data set from disk is split into test, validation, labeled and unlabeled parts by count. The synthetic data
/// is generated: a training pool of domain A split into validation, labeled and unlabeled parts, and the test
/// and cross-domain sets generated apart from it (each from its own seed), so that the size of a test set never
/// changes the training data. Synthetic test sets are large by default (1,200 classification images per domain:
/// a 95% interval of at most ±3% on accuracy).
/// </summary>
public sealed record DataSpec
{
    /// <summary>Test images split from a data set on disk by default.</summary>
    public const int FolderSegTest = 20;

    public const int FolderClsTest = 60;

    /// <summary>Test images generated per domain by default for the synthetic data.</summary>
    public const int SyntheticSegTest = 100;

    public const int SyntheticClsTest = 1200;

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

    /// <summary>Segmentation test images (montgomery/jsrt cross-domain sets are used whole); null: <see cref="FolderSegTest"/> split from a set on disk, <see cref="SyntheticSegTest"/> generated per synthetic domain.</summary>
    public int? SegTest { get; init; }

    /// <summary>Classification test images (kermany uses its own test split); null: <see cref="FolderClsTest"/> split from a set on disk, <see cref="SyntheticClsTest"/> generated per synthetic domain.</summary>
    public int? ClsTest { get; init; }

    /// <summary>Synthetic segmentation training pool (labeled, unlabeled and validation images) generated.</summary>
    public int SegCount { get; init; } = 60;

    /// <summary>Synthetic classification training pool (labeled, unlabeled and validation images) generated.</summary>
    public int ClsCount { get; init; } = 340;

    /// <summary>The segmentation test count in effect.</summary>
    public int SegTestCount => SegTest ?? (Segmentation.Kind == SourceKind.Synthetic ? SyntheticSegTest : FolderSegTest);

    /// <summary>The classification test count in effect.</summary>
    public int ClsTestCount => ClsTest ?? (Classification.Kind == SourceKind.Synthetic ? SyntheticClsTest : FolderClsTest);

    /// <summary>Seed of the synthetic data and of the splits: the domain-A training pool uses it, the other synthetic sets the offsets below.</summary>
    public ulong DataSeed { get; init; } = 7;

    /// <summary>Domain B's test images are drawn with <see cref="DataSeed"/> + 1 (what `multimix synth` writes for domain B).</summary>
    public const ulong CrossSeedOffset = 1;

    /// <summary>Domain A's test images are drawn with <see cref="DataSeed"/> + 2.</summary>
    public const ulong TestSeedOffset = 2;

    /// <summary>Domain B's validation images are drawn with <see cref="DataSeed"/> + 3.</summary>
    public const ulong CrossValidationSeedOffset = 3;

    /// <summary>The class folder names of folder classification data, label 0 then label 1 (<see cref="ClassFolders"/>).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = ClassFolders.Default;

    /// <summary>True when both training sets are the built-in synthetic data.</summary>
    public bool IsSynthetic => Segmentation.Kind == SourceKind.Synthetic && Classification.Kind == SourceKind.Synthetic;

    /// <summary>A line for reports saying which data this is.</summary>
    public string Description => IsSynthetic ? "built-in synthetic chest X-rays (domain A in-domain, domain B cross-domain)" : "as given on the command line";

    /// <summary>
    /// Opens the data sets and splits them. A split that needs more items than a set has is refused naming the
    /// set and the options to change; <see cref="DataSets.Summary"/> says what was found.
    /// </summary>
    public DataSets Open()
    {
        var (segTrain, segTest) = OpenSegmentation(Segmentation, DataSeed, SyntheticDomain.A, SegCount);
        var (clsTrain, clsTest) = OpenClassification(Classification, train: true, DataSeed, SyntheticDomain.A, ClsCount);
        if (Segmentation.Kind == SourceKind.Synthetic) segTest = OpenSegmentation(Segmentation, DataSeed + TestSeedOffset, SyntheticDomain.A, SegTestCount).Train;
        if (Classification.Kind == SourceKind.Synthetic) clsTest = OpenClassification(Classification, train: false, DataSeed + TestSeedOffset, SyntheticDomain.A, ClsTestCount).Train;
        var segCounts = new SplitCounts(SegLabels, SegValidation, segTest is null ? SegTestCount : 0);
        var clsCounts = new SplitCounts(ClsLabels, ClsValidation, clsTest is null ? ClsTestCount : 0);
        CheckSplit("segmentation", Segmentation, segTrain.Count, segCounts, "seg");
        CheckSplit("classification", Classification, clsTrain.Count, clsCounts, "cls");
        var segSplit = DataSplit.Partition(segTrain.Count, segCounts, DataSeed);
        var clsSplit = DataSplit.Partition(clsTrain.Count, clsCounts, DataSeed);
        var wantSeg = CrossDomainWanted(CrossSegmentation, Segmentation);
        var wantCls = CrossDomainWanted(CrossClassification, Classification);
        var crossSeg = wantSeg ? OpenSegmentation(CrossSegmentation, DataSeed + CrossSeedOffset, SyntheticDomain.B, SegTestCount).Train : null;
        var crossCls = wantCls ? OpenClassification(CrossClassification, train: false, DataSeed + CrossSeedOffset, SyntheticDomain.B, ClsTestCount).Train : null;
        var crossSegVal = wantSeg && CrossSegmentation.Kind == SourceKind.Synthetic ? OpenSegmentation(CrossSegmentation, DataSeed + CrossValidationSeedOffset, SyntheticDomain.B, SegValidation).Train : null;
        var crossClsVal = wantCls && CrossClassification.Kind == SourceKind.Synthetic ? OpenClassification(CrossClassification, train: false, DataSeed + CrossValidationSeedOffset, SyntheticDomain.B, ClsValidation).Train : null;
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
            crossCls is { Count: > 0 } ? crossCls : null,
            crossSegVal is { Count: > 0 } ? crossSegVal : null,
            crossClsVal is { Count: > 0 } ? crossClsVal : null)
        {
            Summary =
            [
                $"segmentation: {Describe(Segmentation, segTrain, SyntheticDomain.A)}: {Split(segSplit, segTest?.Count)}",
                $"classification: {Describe(Classification, clsTrain, SyntheticDomain.A)}: {Split(clsSplit, clsTest?.Count)}",
                $"cross-domain segmentation: {(crossSeg is { Count: > 0 } ? Describe(CrossSegmentation, crossSeg, SyntheticDomain.B) : "none")}",
                $"cross-domain classification: {(crossCls is { Count: > 0 } ? Describe(CrossClassification, crossCls, SyntheticDomain.B) : "none")}",
                .. crossClsVal is { Count: > 0 } || crossSegVal is { Count: > 0 }
                    ? [string.Create(CultureInfo.InvariantCulture, $"cross-domain validation: built-in synthetic domain B ({crossSegVal?.Count ?? 0} segmentation, {crossClsVal?.Count ?? 0} classification images; watched, never used to choose the checkpoint)")]
                    : Array.Empty<string>(),
            ],
        };
    }

    private static string Split(SplitIndices split, int? ownTest) => string.Create(CultureInfo.InvariantCulture,
        $"{split.Labeled.Length} labeled, {split.Unlabeled.Length} unlabeled, {split.Validation.Length} validation, {(ownTest is { } test ? $"{test} test (its own test split)" : $"{split.Test.Length} test")}");

    /// <summary>"kermany /data/chest_xray (5,216 images: NORMAL 1,341, PNEUMONIA 3,875)", or the synthetic domain.</summary>
    private static string Describe(SourceSpec spec, IDataItems items, SyntheticDomain domain)
    {
        var count = string.Create(CultureInfo.InvariantCulture, $"{items.Count:N0} images");
        if (spec.Kind == SourceKind.Synthetic) return $"built-in synthetic domain {domain.Name.ToUpperInvariant()} ({count})";
        var classes = items is FileClassificationSource files
            ? ": " + string.Join(", ", files.ClassNames.Select((name, label) => string.Create(CultureInfo.InvariantCulture, $"{name} {files.Files.Count(f => f.Label == label):N0}")))
            : "";
        return $"{spec.Kind.ToString().ToLowerInvariant()} {spec.Dir} ({count}{classes})";
    }

    /// <summary>Refuses a split that needs more items than the set has, naming the set and the options that set the split.</summary>
    private static void CheckSplit(string task, SourceSpec spec, int count, SplitCounts counts, string prefix)
    {
        var needed = (long)counts.Labeled + counts.Validation + counts.Test;
        if (needed <= count) return;
        var where = spec.Kind == SourceKind.Synthetic ? $"the built-in synthetic {task} data (--{prefix}-count)" : $"the {task} data in {spec.Dir}";
        var test = counts.Test > 0 ? string.Create(CultureInfo.InvariantCulture, $" + {counts.Test} test (--{prefix}-test)") : "";
        throw new DataException(string.Create(CultureInfo.InvariantCulture,
            $"{where} has {count} images, but the split asks for {counts.Labeled} labeled (--{prefix}-labels) + {counts.Validation} validation (--{prefix}-val){test} = {needed}; lower these options"));
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
    private (IImageSource<ClassificationSample> Train, IImageSource<ClassificationSample>? Test) OpenClassification(SourceSpec s, bool train, ulong seed, SyntheticDomain domain, int count) => s.Kind switch
    {
        SourceKind.Synthetic => (new CachedSource<ClassificationSample>(new SyntheticClassificationSource(count, domain, seed)), null),
        SourceKind.Folder => (FolderClassificationDataset.Open(s.RequiredDir, ClassNames), null),
        SourceKind.Kermany => train
            ? (KermanyDataset.Open(s.RequiredDir, "train"), KermanyDataset.Open(s.RequiredDir, "test"))
            : (KermanyDataset.Open(s.RequiredDir, "test"), null),
        SourceKind.Nih => (NihDataset.Open(s.RequiredDir, s.Csv ?? throw new ArgumentException("an nih data set needs its csv file")), null),
        _ => throw new ArgumentException($"{s.Kind} is not a classification data set"),
    };
}
