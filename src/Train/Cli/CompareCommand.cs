using System.CommandLine;
using MultiMix.Model.Networks;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix compare`: every chosen variant under every seed with the same budget, one table with intervals, one report.</summary>
internal sealed class CompareCommand : CliCommand
{
    private readonly Option<string?> _variants = OptionValues.Text("--variants", "A,B,…", $"Variants to compare, comma-separated: {string.Join(", ", CompareOptions.AllVariants.Select(v => v.Name()))}")
        .Default("all seven");

    private readonly Option<int?> _seeds = OptionValues.Int("--seeds", "K", "Seeds per variant (1..K): initialisation, batches, augmentation and dropout; the data stay the same", 1, 1000).Default(CompareOptions.DefaultSeeds);
    private readonly Option<int?> _steps = OptionValues.Int("--steps", "N", "Optimizer steps per run, the same for every variant; a multiple of --epochs", 1)
        .Default("--epochs × MultiMix's epoch (one pass over the unlabeled classification images)");

    private readonly Option<string?> _out = OptionValues.Text("--out", "DIR", "Output folder (give the same one and the same options to continue a stopped compare)").Default(CompareOptions.DefaultOutput);
    private readonly ScheduleOptionSet _schedule = new("Epochs: validation, checkpoints and StepLR points, each --steps / --epochs steps in every variant");
    private readonly ModelOptionSet _model = new(withVariant: false);
    private readonly DeviceOption _device = new();
    private readonly LossOptionSet _loss = new();
    private readonly DataOptionSet _data = new();

    public CompareCommand()
        : base("compare",
            "Trains each variant under K seeds with the same budget (optimizer steps and images per stream per step), evaluates each on the in-domain and cross-domain test sets " +
            "and writes the table (mean ± std over seeds, 95% bootstrap intervals, best per column marked), per-seed rows (CSV/JSON), box plots, per-epoch diagnostics " +
            "and a report to --out. A stopped compare continues where it stopped when run again with the same options.")
    {
        _variants.CompletionSources.Add(CompareOptions.AllVariants.Select(v => v.Name()).ToArray());
        _variants.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && Parse(text) is null)
            {
                r.AddError($"option --variants must name variants from {string.Join(", ", CompareOptions.AllVariants.Select(v => v.Name()))}, each once, got '{text}'.");
            }
        });
        Add([_variants, _seeds, _steps, _out, .. _schedule.Options, .. _model.Options, .. _device.Options, .. _loss.Options, .. _data.Options]);
        _data.AddValidators(Command);
    }

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        var data = _data.Read(r);
        var defaults = RunDefaults.Training(data);
        var options = new CompareOptions
        {
            Variants = r.GetValue(_variants) is { } text ? Parse(text)! : CompareOptions.AllVariants,
            Seeds = r.GetValue(_seeds) ?? CompareOptions.DefaultSeeds,
            Steps = r.GetValue(_steps),
            OutputFolder = r.GetValue(_out) ?? CompareOptions.DefaultOutput,
            Training = _schedule.Read(r, defaults) with
            {
                Model = _model.Read(r, defaults.Model),
                Weights = _loss.Weights(r),
                ConfidenceThreshold = _loss.Threshold(r),
            },
        };
        using var device = _device.Open(r);
        CompareRun.Run(options, data, device.Backend, console, cancel);
        return 0;
    }

    /// <summary>The variants named, in the paper's table order; null when a name is unknown or repeated.</summary>
    private static List<ModelVariant>? Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var variants = new List<ModelVariant>();
        foreach (var name in names)
        {
            if (!ModelVariants.TryParse(name, out var v) || variants.Contains(v)) return null;
            variants.Add(v);
        }
        return variants.Count == 0 ? null : [.. CompareOptions.AllVariants.Where(variants.Contains)];
    }
}
