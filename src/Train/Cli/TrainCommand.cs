using System.CommandLine;
using System.CommandLine.Parsing;
using MultiMix.Model.Checkpoints;
using MultiMix.Train.Runs;
using MultiMix.Train.Training;

namespace MultiMix.Train.Cli;

/// <summary>
/// `multimix train`: trains a model, keeps the best and last checkpoints, evaluates the best one and writes a
/// report. The run's whole configuration is saved in its checkpoints (<see cref="RunArguments"/>); --resume
/// reads it back, so only what changes needs to be given, and a change that would make the resumed run another
/// run (architecture, batch, seeds, training data and splits) is refused.
/// </summary>
internal sealed class TrainCommand : CliCommand
{
    private readonly Option<string?> _out = OptionValues.Text("--out", "DIR", "Output folder").Default($"{RunDefaults.Paper.OutputFolder}; with --resume, the checkpoint's folder");
    private readonly ScheduleOptionSet _schedule = new("Epochs (an epoch is one pass over the unlabeled classification images, or over the larger labeled set)");
    private readonly Option<ulong?> _seed = OptionValues.ULong("--seed", "N", "Seed of initialisation, batches, augmentation and dropout").Default(RunDefaults.Paper.Seed);
    private readonly Option<string?> _resume = OptionValues.Text("--resume", "FILE",
        "Continue a run from its last.safetensors: its saved options are used for every option not given; the epochs, schedule, loss weights and data paths may change, the rest may not");

    private readonly Option<bool> _overwrite = OptionValues.Flag("--overwrite", "Replace a training run already in --out (its checkpoints, log and report are removed first)");
    private readonly Option<int?> _maxSteps = OptionValues.Int("--max-steps", "N", "Stop after this many steps (quick trials)", 1);
    private readonly Option<bool> _profile = OptionValues.Flag("--profile",
        $"Instead of training, run --max-steps steps (default {ProfileRun.DefaultSteps}) of a fresh model and print where a step's time and memory go");
    private readonly ModelOptionSet _model = new();
    private readonly DeviceOption _device = new();
    private readonly LossOptionSet _loss = new();
    private readonly DataOptionSet _data = new();

    public TrainCommand()
        : base("train",
            "Trains MultiMix (or a baseline) semi-supervised on the given data, or on the built-in synthetic chest X-rays when no data is named. " +
            "Writes checkpoints (best.safetensors, last.safetensors), metrics.jsonl, test metrics and a report to --out.")
    {
        Add([_out, .. _schedule.Options, _seed, _resume, _overwrite, _maxSteps, _profile, .. _model.Options, .. _device.Options, .. _loss.Options, .. _data.Options]);
        _data.AddValidators(Command);
    }

    /// <summary>Options a resumed run may change; it is announced. Any other difference from the saved configuration is refused.</summary>
    private IEnumerable<string> Adjustable => [_schedule.Epochs.Name, _schedule.LearningRate.Name, _schedule.LrStep.Name, _schedule.LrGamma.Name, .. _loss.Options.Select(o => o.Name), .. _data.Relocatable];

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        IReadOnlyList<KeyValuePair<string, string>>? saved = null;
        if (r.GetValue(_resume) is { } from)
        {
            (r, saved) = WithSavedConfiguration(r, from, console);
        }

        var data = _data.Read(r);
        var defaults = RunDefaults.Training(data);
        var options = _schedule.Read(r, defaults) with
        {
            Model = _model.Read(r, defaults.Model),
            OutputFolder = r.GetValue(_out) ?? (r.GetValue(_resume) is { } resume ? Path.GetDirectoryName(Path.GetFullPath(resume))! : defaults.OutputFolder),
            Weights = _loss.Weights(r),
            ConfidenceThreshold = _loss.Threshold(r),
            Seed = r.GetValue(_seed) ?? defaults.Seed,
            ResumeFrom = r.GetValue(_resume),
            MaxSteps = r.GetValue(_maxSteps),
        };
        var arguments = Arguments(options, data);
        if (saved is not null) Compare(saved, arguments, r.GetValue(_resume)!, console);
        using var device = _device.Open(r);
        if (r.GetValue(_profile))
        {
            ProfileRun.Run(options, data, device.Backend, console, cancel);
            return 0;
        }

        TrainRun.Run(options, data, r.GetValue(_overwrite), arguments, device.Backend, console, cancel);
        return 0;
    }

    /// <summary>The run's configuration as the options that reproduce it, in the order of this command's help.</summary>
    private List<KeyValuePair<string, string>> Arguments(TrainOptions o, DataSpec d) =>
    [
        new(_schedule.Epochs.Name, OptionValues.Format(o.Epochs)),
        new(_schedule.Batch.Name, OptionValues.Format(o.BatchPerStream)),
        new(_schedule.LearningRate.Name, OptionValues.Format(o.LearningRate)),
        new(_schedule.LrStep.Name, OptionValues.Format(o.LrStepEpochs)),
        new(_schedule.LrGamma.Name, OptionValues.Format(o.LrGamma)),
        new(_seed.Name, OptionValues.Format(o.Seed)),
        .. _model.Arguments(o.Model),
        .. _loss.Arguments(o.Weights, o.ConfidenceThreshold),
        .. _data.Arguments(d),
    ];

    /// <summary>
    /// The command line with the checkpoint's saved configuration in front of what was given, so that every
    /// option not given takes its saved value (a repeated option's last value counts). A checkpoint without a
    /// saved configuration (an older one) still gives its architecture and seed.
    /// </summary>
    private (ParseResult Merged, IReadOnlyList<KeyValuePair<string, string>> Saved) WithSavedConfiguration(ParseResult r, string from, RunConsole console)
    {
        var checkpoint = Checkpoint.Read(from);
        var saved = RunArguments.Read(checkpoint.Metadata);
        if (saved is null)
        {
            if (checkpoint.Config is not { } config)
            {
                throw new CheckpointException($"{from}: not a training checkpoint of this program (no architecture); it cannot be resumed.");
            }

            List<KeyValuePair<string, string>> partial = [.. _model.Arguments(config)];
            if (checkpoint.Metadata.TryGetValue(ResumePoint.SeedKey, out var seed)) partial.Add(new(_seed.Name, seed));
            saved = partial;
            console.Status.WriteLine($"Note: {from} records only its architecture and seed (a checkpoint of an earlier version); the schedule, loss weights and data come from this command line.");
        }

        var given = r.Tokens.SkipWhile(t => t.Type != TokenType.Command).Skip(1).Select(t => t.Value);
        var merged = Command.Parse([.. saved.SelectMany(a => new[] { a.Key, a.Value }), .. given]);
        if (merged.Errors.Count > 0)
        {
            throw new CliException($"option --resume {from}: its saved configuration does not fit this version's options ({merged.Errors[0].Message}); give the run's options on the command line.");
        }

        return (merged, saved);
    }

    /// <summary>Refuses every difference from the saved configuration that would make another run; announces the others in one line.</summary>
    private void Compare(IReadOnlyList<KeyValuePair<string, string>> saved, IReadOnlyList<KeyValuePair<string, string>> now, string from, RunConsole console)
    {
        var current = now.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var adjustable = Adjustable.ToHashSet(StringComparer.Ordinal);
        var changed = saved.Where(a => current.TryGetValue(a.Key, out var value) && value != a.Value).ToList();
        var refused = changed.Where(a => !adjustable.Contains(a.Key)).ToList();
        if (refused.Count > 0)
        {
            throw new CliException(
                $"option --resume {from}: the run was trained with {RunArguments.Format(refused)}, this command says {RunArguments.Format(refused.Select(a => new KeyValuePair<string, string>(a.Key, current[a.Key])))}; " +
                "a resumed run keeps its architecture, batch, seeds, training data and splits (train a new run with another --out to change them).");
        }

        if (changed.Count > 0)
        {
            console.Status.WriteLine($"Resuming with changes: {string.Join(", ", changed.Select(a => $"{a.Key} {a.Value} → {current[a.Key]}"))}.");
        }
    }
}
