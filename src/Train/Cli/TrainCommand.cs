using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix train`: trains a model, keeps the best and last checkpoints, evaluates the best one and writes a report.</summary>
internal sealed class TrainCommand : CliCommand
{
    private static readonly string s_synthetic = "with the built-in synthetic data";

    private readonly Option<string?> _out = OptionValues.Text("--out", "DIR", "Output folder").Default(RunDefaults.Paper.OutputFolder);
    private readonly Option<int?> _epochs = OptionValues.Int("--epochs", "N", "Epochs", 1).Default($"{RunDefaults.Paper.Epochs}; {RunDefaults.Synthetic.Epochs} {s_synthetic}");
    private readonly Option<int?> _batch = OptionValues.Int("--batch", "N", "Images per stream per step", 1, 4096).Default($"{RunDefaults.Paper.BatchPerStream}; {RunDefaults.Synthetic.BatchPerStream} {s_synthetic}");
    private readonly Option<float?> _lr = OptionValues.Float("--lr", "X", "Adam learning rate", 1e-9f, 10f)
        .Default($"{OptionValues.Format(RunDefaults.Paper.LearningRate)}; {OptionValues.Format(RunDefaults.Synthetic.LearningRate)} {s_synthetic}");

    private readonly Option<int?> _lrStep = OptionValues.Int("--lr-step", "N", "StepLR step in epochs", 1).Default(RunDefaults.Paper.LrStepEpochs);
    private readonly Option<float?> _lrGamma = OptionValues.Float("--lr-gamma", "X", "StepLR decay", 0f, 1f).Default(RunDefaults.Paper.LrGamma);
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
        Add([_out, _epochs, _batch, _lr, _lrStep, _lrGamma, _seed, _resume, _maxSteps, .. _model.Options, _device.Option, .. _loss.Options, .. _data.Options]);
        _data.AddValidators(Command);
    }

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        var data = _data.Read(r);
        var defaults = RunDefaults.Training(data);
        using var device = _device.Open(r);
        var backend = device.Backend;
        var options = defaults with
        {
            Model = _model.Read(r, defaults.Model),
            OutputFolder = r.GetValue(_out) ?? defaults.OutputFolder,
            Epochs = r.GetValue(_epochs) ?? defaults.Epochs,
            BatchPerStream = r.GetValue(_batch) ?? defaults.BatchPerStream,
            LearningRate = r.GetValue(_lr) ?? defaults.LearningRate,
            LrStepEpochs = r.GetValue(_lrStep) ?? defaults.LrStepEpochs,
            LrGamma = r.GetValue(_lrGamma) ?? defaults.LrGamma,
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
