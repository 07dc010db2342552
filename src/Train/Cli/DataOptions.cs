using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using MultiMix.Train.Training;

namespace MultiMix.Train.Cli;

/// <summary>
/// The data options shared by train and eval, and how they become <see cref="DataSets"/>. Without any, the
/// built-in synthetic data is used: domain A for training and in-domain testing, domain B as the other hospital.
/// </summary>
public static class DataOptions
{
    public const string Synthetic = "synthetic";

    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("seg-source", "KIND", "Segmentation data: synthetic, folder (images/ + masks/), jsrt, montgomery", Synthetic),
        new("seg-dir", "DIR", "Segmentation folder (jsrt: the .IMG folder; montgomery: the folder holding CXR_png and ManualMask)"),
        new("seg-masks", "DIR", "jsrt: folder of SCR masks with a left-lung and a right-lung subfolder"),
        new("cls-source", "KIND", "Classification data: synthetic, folder (one subfolder per class), kermany, nih", Synthetic),
        new("cls-dir", "DIR", "Classification folder (kermany: the chest_xray folder; nih: the image folder)"),
        new("cls-csv", "FILE", "nih: Data_Entry_2017.csv"),
        new("xseg-source", "KIND", "Cross-domain segmentation test data (same kinds; synthetic = domain B, used only with synthetic training data)", Synthetic),
        new("xseg-dir", "DIR", "Cross-domain segmentation folder"),
        new("xseg-masks", "DIR", "Cross-domain jsrt mask folder"),
        new("xcls-source", "KIND", "Cross-domain classification test data (same kinds; synthetic = domain B, used only with synthetic training data)", Synthetic),
        new("xcls-dir", "DIR", "Cross-domain classification folder"),
        new("xcls-csv", "FILE", "Cross-domain nih csv"),
        new("seg-labels", "N", "Labeled segmentation images", "10"),
        new("cls-labels", "N", "Labeled classification images", "100"),
        new("seg-val", "N", "Segmentation validation images", "10"),
        new("cls-val", "N", "Classification validation images", "40"),
        new("seg-test", "N", "Segmentation test images (ignored for montgomery/jsrt cross-domain sets, which are used whole)", "20"),
        new("cls-test", "N", "Classification test images (kermany uses its own test split)", "60"),
        new("seg-count", "N", "Synthetic segmentation images generated", "80"),
        new("cls-count", "N", "Synthetic classification images generated", "400"),
        new("data-seed", "N", "Seed of the synthetic data and of the splits", "7"),
    ];

    public static bool IsSynthetic(ArgParser a) => IsSynthetic(a, "seg-source") && IsSynthetic(a, "cls-source");

    private static bool IsSynthetic(ArgParser a, string option) => string.Equals(a.String(option), Synthetic, StringComparison.OrdinalIgnoreCase);

    public static DataSets Build(ArgParser a)
    {
        var seed = a.ULong("data-seed");
        var (segTrain, segTest) = OpenSegmentation(a, "seg", seed, SyntheticDomain.A, a.Int("seg-count", 1));
        var (clsTrain, clsTest) = OpenClassification(a, "cls", seed, SyntheticDomain.A, a.Int("cls-count", 1));
        var segSplit = DataSplit.Partition(segTrain.Count, new SplitCounts(a.Int("seg-labels", 0), a.Int("seg-val", 0), segTest is null ? a.Int("seg-test", 0) : 0), seed);
        var clsSplit = DataSplit.Partition(clsTrain.Count, new SplitCounts(a.Int("cls-labels", 0), a.Int("cls-val", 0), clsTest is null ? a.Int("cls-test", 0) : 0), seed);
        var crossSeg = CrossDomainWanted(a, "seg") ? OpenSegmentation(a, "xseg", seed + 1, SyntheticDomain.B, a.Int("seg-test", 0)).Train : null;
        var crossCls = CrossDomainWanted(a, "cls") ? OpenClassification(a, "xcls", seed + 1, SyntheticDomain.B, a.Int("cls-test", 0)).Train : null;
        return new DataSets(
            Subset(segTrain, segSplit.Labeled),
            Subset(segTrain, segSplit.Unlabeled),
            Subset(segTrain, segSplit.Validation),
            segTest ?? Subset(segTrain, segSplit.Test),
            Subset(clsTrain, clsSplit.Labeled),
            Subset(clsTrain, clsSplit.Unlabeled),
            Subset(clsTrain, clsSplit.Validation),
            clsTest ?? Subset(clsTrain, clsSplit.Test),
            crossSeg is { Count: > 0 } ? crossSeg : null,
            crossCls is { Count: > 0 } ? crossCls : null);
    }

    /// <summary>The synthetic domain B is the default "other hospital" only for synthetic training data; real data gets a cross-domain set only when one is named.</summary>
    private static bool CrossDomainWanted(ArgParser a, string task) =>
        !IsSynthetic(a, "x" + task + "-source") || IsSynthetic(a, task + "-source");

    private static ISegmentationSource Subset(ISegmentationSource s, int[] indices) => new SegmentationSubset(s, indices);

    private static IClassificationSource Subset(IClassificationSource s, int[] indices) => new ClassificationSubset(s, indices);

    private static string Dir(ArgParser a, string prefix) =>
        a.String(prefix + "-dir") ?? throw new CliException($"--{prefix}-source {a.String(prefix + "-source")} needs --{prefix}-dir.");

    private static (ISegmentationSource Train, ISegmentationSource? Test) OpenSegmentation(ArgParser a, string prefix, ulong seed, SyntheticDomain domain, int count)
    {
        var kind = a.Choice(prefix + "-source", Synthetic, "folder", "jsrt", "montgomery");
        return kind switch
        {
            Synthetic => (new CachedSegmentationSource(new SyntheticSegmentationSource(count, domain, seed)), null),
            "folder" => (FolderSegmentationDataset.Open(Dir(a, prefix)), null),
            "montgomery" => (MontgomeryDataset.Open(Dir(a, prefix)), null),
            _ => (JsrtDataset.Open(Dir(a, prefix), a.String(prefix + "-masks") ?? throw new CliException($"--{prefix}-source jsrt needs --{prefix}-masks.")), null),
        };
    }

    private static (IClassificationSource Train, IClassificationSource? Test) OpenClassification(ArgParser a, string prefix, ulong seed, SyntheticDomain domain, int count)
    {
        var kind = a.Choice(prefix + "-source", Synthetic, "folder", "kermany", "nih");
        return kind switch
        {
            Synthetic => (new CachedClassificationSource(new SyntheticClassificationSource(count, domain, seed)), null),
            "folder" => (FolderClassificationDataset.Open(Dir(a, prefix)), null),
            "kermany" => prefix == "cls"
                ? (KermanyDataset.Open(Dir(a, prefix), "train"), KermanyDataset.Open(Dir(a, prefix), "test"))
                : (KermanyDataset.Open(Dir(a, prefix), "test"), null),
            _ => (NihDataset.Open(Dir(a, prefix), a.String(prefix + "-csv") ?? throw new CliException($"--{prefix}-source nih needs --{prefix}-csv.")), null),
        };
    }
}
