using System.CommandLine;
using System.CommandLine.Parsing;
using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Runtime;
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
    private readonly Option<bool> _distributed = OptionValues.Flag("--distributed",
        $"Data-parallel training across the processes of an MPI job, started as `{DistributedLaunch.Command}`: each rank takes an equal part of every stream's --batch (which must divide by N), gradients are averaged every step, rank 0 writes; with --device cuda, rank r uses GPU local_rank (docs/distributed.md)");
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
        Add([_out, .. _schedule.Options, _seed, _resume, _overwrite, _maxSteps, _profile, .. _model.Options, .. _device.Options, _distributed, .. _loss.Options, .. _data.Options]);
        _data.AddValidators(Command);
    }

    /// <summary>Options a resumed run may change; it is announced. Any other difference from the saved configuration is refused.</summary>
    private IEnumerable<string> Adjustable => [_schedule.Epochs.Name, _schedule.LearningRate.Name, _schedule.LrStep.Name, _schedule.LrGamma.Name, .. _loss.Options.Select(o => o.Name), .. _data.Relocatable];

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        if (!r.GetValue(_distributed)) return Train(r, console, cancel, TrainingWorld.Single);
        if (r.GetValue(_profile)) throw new CliException("option --profile: it measures one process's step; run it without --distributed (and without mpirun).");
        using var job = MpiCommunicator.Initialize();
        var world = new TrainingWorld(job);
        try
        {
            return Train(r, console, cancel, world);
        }
        catch (Exception e) when (e is RankFailedException or DistributedSetupException)
        {
            throw new JobStoppedException(e, world.WritesFiles);
        }
        catch (Exception e) when (world.IsDistributed && world.InCollectives)
        {
            // Only this rank failed, outside any agreement: the others may wait in a collective for it forever.
            console.Status.WriteLine($"multimix train: rank {job.World.Rank} failed alone, so the job is aborted: {e}");
            job.Abort(CliApp.ExitCode(e.GetType().FullName ?? ""));
            throw;
        }
    }

    /// <summary>The run on <paramref name="world"/>: the options and the device are agreed on, then the training run.</summary>
    private int Train(ParseResult given, RunConsole console, CancellationToken cancel, TrainingWorld world)
    {
        var here = world.WritesFiles ? console : new RunConsole(TextWriter.Null, TextWriter.Null, false);
        var (r, options, data, arguments) = world.Agreed(() => Configure(given, here));
        using var device = world.Agreed(() => _device.Open(r, world.IsDistributed ? world.Ranks : null));
        if (r.GetValue(_profile))
        {
            ProfileRun.Run(options, data, device.Backend, console, cancel);
            return 0;
        }

        TrainRun.Run(options, data, r.GetValue(_overwrite), arguments, device.Backend, console, cancel, world);
        return 0;
    }

    /// <summary>The run's options: those given, over the saved configuration when resuming (differences refused or announced).</summary>
    private (ParseResult Parsed, TrainOptions Options, DataSpec Data, List<KeyValuePair<string, string>> Arguments) Configure(ParseResult r, RunConsole console)
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
        return (r, options, data, arguments);
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
