using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix train`: trains a model, keeps the best and last checkpoints, evaluates the best one and writes a report.</summary>
internal sealed class TrainCommand : CliCommand
{
    private readonly Option<string?> _out = OptionValues.Text("--out", "DIR", "Output folder").Default(RunDefaults.Paper.OutputFolder);
    private readonly ScheduleOptionSet _schedule = new("Epochs (an epoch is one pass over the unlabeled classification images, or over the larger labeled set)");
    private readonly Option<ulong?> _seed = OptionValues.ULong("--seed", "N", "Seed of initialisation, batches, augmentation and dropout").Default(RunDefaults.Paper.Seed);
    private readonly Option<string?> _resume = OptionValues.Text("--resume", "FILE", "Continue from a checkpoint written by train (last.safetensors)");
    private readonly Option<int?> _maxSteps = OptionValues.Int("--max-steps", "N", "Stop after this many steps (quick trials)", 1);
    private readonly ModelOptionSet _model = new();
    private readonly DeviceOption _device = new();
    private readonly LossOptionSet _loss = new();
    private readonly DataOptionSet _data = new();

    public TrainCommand()
        : base("train",
            "Trains MultiMix (or a baseline) semi-supervised on the given data, or on the built-in synthetic chest X-rays when no data is named. " +
            "Writes checkpoints (best.safetensors, last.safetensors), metrics.jsonl, test metrics and a report to --out.")
    {
        Add([_out, .. _schedule.Options, _seed, _resume, _maxSteps, .. _model.Options, _device.Option, .. _loss.Options, .. _data.Options]);
        _data.AddValidators(Command);
    }

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        var data = _data.Read(r);
        var defaults = RunDefaults.Training(data);
        var backend = _device.Open(r);
        var options = _schedule.Read(r, defaults) with
        {
            Model = _model.Read(r, defaults.Model),
            OutputFolder = r.GetValue(_out) ?? defaults.OutputFolder,
            Weights = _loss.Weights(r),
            ConfidenceThreshold = _loss.Threshold(r),
            Seed = r.GetValue(_seed) ?? defaults.Seed,
            ResumeFrom = r.GetValue(_resume),
            MaxSteps = r.GetValue(_maxSteps),
        };
        TrainRun.Run(options, data, backend, console, cancel);
        return 0;
    }
}
