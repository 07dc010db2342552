using System.CommandLine;
using System.CommandLine.Parsing;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>
/// The data options shared by train and eval, and the <see cref="DataSpec"/> they name. Without any, the
/// built-in synthetic data is used: domain A for training and in-domain testing, domain B as the other hospital.
/// </summary>
internal sealed class DataOptionSet
{
    private static readonly DataSpec s_defaults = new();

    private readonly Source _seg = new("seg", "Segmentation data: synthetic, folder (images/ + masks/), jsrt, montgomery",
        "Segmentation folder (jsrt: the .IMG folder; montgomery: the folder holding CXR_png and ManualMask)", "jsrt: folder of SCR masks with a left-lung and a right-lung subfolder", null, Segmentation);

    private readonly Source _cls = new("cls", "Classification data: synthetic, folder (one subfolder per class), kermany, nih",
        "Classification folder (kermany: the chest_xray folder; nih: the image folder)", null, "nih: Data_Entry_2017.csv", Classification);

    private readonly Source _xseg = new("xseg", "Cross-domain segmentation test data (same kinds; synthetic = domain B, used only with synthetic training data)",
        "Cross-domain segmentation folder", "Cross-domain jsrt mask folder", null, Segmentation);

    private readonly Source _xcls = new("xcls", "Cross-domain classification test data (same kinds; synthetic = domain B, used only with synthetic training data)",
        "Cross-domain classification folder", null, "Cross-domain nih csv", Classification);

    private readonly Option<int?> _segLabels = OptionValues.Int("--seg-labels", "N", "Labeled segmentation images", 0).Default(s_defaults.SegLabels);
    private readonly Option<int?> _clsLabels = OptionValues.Int("--cls-labels", "N", "Labeled classification images", 0).Default(s_defaults.ClsLabels);
    private readonly Option<int?> _segVal = OptionValues.Int("--seg-val", "N", "Segmentation validation images", 0).Default(s_defaults.SegValidation);
    private readonly Option<int?> _clsVal = OptionValues.Int("--cls-val", "N", "Classification validation images", 0).Default(s_defaults.ClsValidation);
    private readonly Option<int?> _segTest = OptionValues.Int("--seg-test", "N", "Segmentation test images split off the training data; a cross-domain set is used whole (synthetic data: generated per domain, apart from the training pool)", 0)
        .Default($"{DataSpec.FolderSegTest} from disk; {DataSpec.SyntheticSegTest} synthetic");

    private readonly Option<int?> _clsTest = OptionValues.Int("--cls-test", "N", "Classification test images split off the training data (kermany uses its own test split); a cross-domain set is used whole (synthetic data: generated per domain, apart from the training pool)", 0)
        .Default($"{DataSpec.FolderClsTest} from disk; {DataSpec.SyntheticClsTest} synthetic");

    private readonly Option<int?> _segCount = OptionValues.Int("--seg-count", "N", "Synthetic segmentation training pool (labeled + unlabeled + validation) generated", 1).Default(s_defaults.SegCount);
    private readonly Option<int?> _clsCount = OptionValues.Int("--cls-count", "N", "Synthetic classification training pool (labeled + unlabeled + validation) generated", 1).Default(s_defaults.ClsCount);
    private readonly Option<ulong?> _seed = OptionValues.ULong("--data-seed", "N", "Seed of the synthetic data and of the splits").Default(s_defaults.DataSeed);
    private readonly Option<string?> _classes = OptionValues.Text("--classes", "NEG,POS", "Class folder names of folder classification data, label 0 (normal) then label 1 (pneumonia), matched in any case")
        .Default(string.Join(',', s_defaults.ClassNames));

    public DataOptionSet()
    {
        _classes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && ClassNames(text) is null)
            {
                r.AddError($"option --classes must name two different class folders separated by a comma, e.g. --classes healthy,sick; got '{text}'.");
            }
        });
    }

    private static IReadOnlyList<(string Name, SourceKind Kind)> Segmentation { get; } =
        [("synthetic", SourceKind.Synthetic), ("folder", SourceKind.Folder), ("jsrt", SourceKind.Jsrt), ("montgomery", SourceKind.Montgomery)];

    private static IReadOnlyList<(string Name, SourceKind Kind)> Classification { get; } =
        [("synthetic", SourceKind.Synthetic), ("folder", SourceKind.Folder), ("kermany", SourceKind.Kermany), ("nih", SourceKind.Nih)];

    public IEnumerable<Option> Options =>
    [
        .. _seg.Options, .. _cls.Options, .. _xseg.Options, .. _xcls.Options,
        _segLabels, _clsLabels, _segVal, _clsVal, _segTest, _clsTest, _segCount, _clsCount, _seed, _classes,
    ];

    /// <summary>Refuses a data kind without the paths it needs, naming the missing option.</summary>
    public void AddValidators(Command command)
    {
        foreach (var source in new[] { _seg, _cls, _xseg, _xcls }) command.Validators.Add(source.Validate);
    }

    public DataSpec Read(ParseResult r) => new()
    {
        Segmentation = _seg.Read(r),
        Classification = _cls.Read(r),
        CrossSegmentation = _xseg.Read(r),
        CrossClassification = _xcls.Read(r),
        SegLabels = r.GetValue(_segLabels) ?? s_defaults.SegLabels,
        ClsLabels = r.GetValue(_clsLabels) ?? s_defaults.ClsLabels,
        SegValidation = r.GetValue(_segVal) ?? s_defaults.SegValidation,
        ClsValidation = r.GetValue(_clsVal) ?? s_defaults.ClsValidation,
        SegTest = r.GetValue(_segTest),
        ClsTest = r.GetValue(_clsTest),
        SegCount = r.GetValue(_segCount) ?? s_defaults.SegCount,
        ClsCount = r.GetValue(_clsCount) ?? s_defaults.ClsCount,
        DataSeed = r.GetValue(_seed) ?? s_defaults.DataSeed,
        ClassNames = r.GetValue(_classes) is { } classes ? ClassNames(classes)! : s_defaults.ClassNames,
    };

    /// <summary>The options that name <paramref name="d"/>, for a run's saved configuration (paths made absolute).</summary>
    public IEnumerable<KeyValuePair<string, string>> Arguments(DataSpec d) =>
    [
        .. _seg.Arguments(d.Segmentation), .. _cls.Arguments(d.Classification), .. _xseg.Arguments(d.CrossSegmentation), .. _xcls.Arguments(d.CrossClassification),
        new(_segLabels.Name, OptionValues.Format(d.SegLabels)),
        new(_clsLabels.Name, OptionValues.Format(d.ClsLabels)),
        new(_segVal.Name, OptionValues.Format(d.SegValidation)),
        new(_clsVal.Name, OptionValues.Format(d.ClsValidation)),
        new(_segTest.Name, OptionValues.Format(d.SegTestCount)),
        new(_clsTest.Name, OptionValues.Format(d.ClsTestCount)),
        new(_segCount.Name, OptionValues.Format(d.SegCount)),
        new(_clsCount.Name, OptionValues.Format(d.ClsCount)),
        new(_seed.Name, OptionValues.Format(d.DataSeed)),
        new(_classes.Name, string.Join(',', d.ClassNames)),
    ];

    /// <summary>Options that only change where the data is read from or what it is tested on: a resumed run may change them.</summary>
    public IEnumerable<string> Relocatable =>
        [.. _seg.PathOptions, .. _cls.PathOptions, .. _xseg.Options.Select(o => o.Name), .. _xcls.Options.Select(o => o.Name)];

    private static string[]? ClassNames(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        return names.Length == 2 && names.All(n => n.Length > 0) && !string.Equals(names[0], names[1], StringComparison.OrdinalIgnoreCase) ? names : null;
    }

    /// <summary>One data set's options: --P-source, --P-dir and, where the kinds need them, --P-masks and --P-csv.</summary>
    private sealed class Source
    {
        private readonly string _prefix;
        private readonly IReadOnlyList<(string Name, SourceKind Kind)> _kinds;
        private readonly Option<string?> _dir;
        private readonly Option<string?>? _masks;
        private readonly Option<string?>? _csv;

        public Source(string prefix, string kindHelp, string dirHelp, string? masksHelp, string? csvHelp, IReadOnlyList<(string Name, SourceKind Kind)> kinds)
        {
            _prefix = prefix;
            _kinds = kinds;
            Kind = OptionValues.Choice($"--{prefix}-source", "KIND", kindHelp, [.. kinds.Select(k => k.Name)]).Default(kinds[0].Name);
            _dir = OptionValues.Text($"--{prefix}-dir", "DIR", dirHelp);
            _masks = masksHelp is null ? null : OptionValues.Text($"--{prefix}-masks", "DIR", masksHelp);
            _csv = csvHelp is null ? null : OptionValues.Text($"--{prefix}-csv", "FILE", csvHelp);
        }

        public Option<string?> Kind { get; }

        public IEnumerable<Option> Options => new Option?[] { Kind, _dir, _masks, _csv }.OfType<Option>();

        /// <summary>Names the missing path option of a valid kind (an invalid kind is reported by its own parser).</summary>
        public void Validate(CommandResult r)
        {
            var kind = r.GetResult(Kind)?.Tokens[^1].Value.ToLowerInvariant();
            if (kind is null || kind == "synthetic" || !_kinds.Any(k => k.Name == kind)) return;
            if (r.GetResult(_dir) is null) r.AddError($"--{_prefix}-source {kind} needs --{_prefix}-dir.");
            else if (kind == "jsrt" && r.GetResult(_masks!) is null) r.AddError($"--{_prefix}-source jsrt needs --{_prefix}-masks.");
            else if (kind == "nih" && r.GetResult(_csv!) is null) r.AddError($"--{_prefix}-source nih needs --{_prefix}-csv.");
        }

        /// <summary>The names of the options holding paths (--P-dir, --P-masks, --P-csv).</summary>
        public IEnumerable<string> PathOptions => new Option?[] { _dir, _masks, _csv }.OfType<Option>().Select(o => o.Name);

        public IEnumerable<KeyValuePair<string, string>> Arguments(SourceSpec spec)
        {
            yield return new(Kind.Name, _kinds.First(k => k.Kind == spec.Kind).Name);
            if (spec.Dir is { } dir) yield return new(_dir.Name, Path.GetFullPath(dir));
            if (_masks is not null && spec.Masks is { } masks) yield return new(_masks.Name, Path.GetFullPath(masks));
            if (_csv is not null && spec.Csv is { } csv) yield return new(_csv.Name, Path.GetFullPath(csv));
        }

        public SourceSpec Read(ParseResult r)
        {
            var name = r.GetValue(Kind) ?? _kinds[0].Name;
            var kind = _kinds.First(k => k.Name == name).Kind;
            return new SourceSpec(kind, r.GetValue(_dir), _masks is null ? null : r.GetValue(_masks), _csv is null ? null : r.GetValue(_csv));
        }
    }
}
