using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Train.Evaluation;
using MultiMix.Train.Training;

namespace MultiMix.Train.Cli;

/// <summary>`multimix train`: trains a model, keeps the best and last checkpoints, evaluates the best one and writes a report.</summary>
public sealed class TrainCommand : ICommand
{
    public string Name => "train";

    public string Summary =>
        "Trains MultiMix (or a baseline) semi-supervised on the given data, or on the built-in synthetic chest X-rays when no data is named. " +
        "Writes checkpoints (best.safetensors, last.safetensors), metrics.jsonl, test metrics and a report to --out.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("out", "DIR", "Output folder", "runs/multimix"),
        new("epochs", "N", "Epochs", "100 for real data, 6 for the synthetic default"),
        new("batch", "N", "Images per stream per step", "10 for real data, 4 for the synthetic default"),
        new("lr", "X", "Adam learning rate", "1e-4 for real data, 1e-3 for the synthetic default"),
        new("lr-step", "N", "StepLR step in epochs", "8"),
        new("lr-gamma", "X", "StepLR decay", "0.1"),
        new("seed", "N", "Seed of initialisation, batches, augmentation and dropout", "1"),
        new("resume", "FILE", "Continue from a checkpoint written by train (last.safetensors)"),
        new("max-steps", "N", "Stop after this many steps (quick trials)"),
        .. ModelOptions.Specs,
        .. ModelOptions.LossSpecs,
        .. DataOptions.Specs,
    ];

    public int Run(ArgParser a, TextWriter output, TextWriter status, CancellationToken cancel)
    {
        var synthetic = DataOptions.IsSynthetic(a);
        using var device = ModelOptions.Backend(a);
        var backend = device.Backend;
        var options = new TrainOptions
        {
            Model = ModelOptions.Config(a, synthetic ? 64 : 256),
            OutputFolder = a.Required("out"),
            Epochs = a.Has("epochs") ? a.Int("epochs", 1) : synthetic ? 6 : 100,
            BatchPerStream = a.Has("batch") ? a.Int("batch", 1, 4096) : synthetic ? 4 : 10,
            LearningRate = a.Has("lr") ? a.Float("lr", 1e-9f, 10f) : synthetic ? 1e-3f : 1e-4f,
            LrStepEpochs = a.Int("lr-step", 1),
            LrGamma = a.Float("lr-gamma", 0f, 1f),
            Weights = ModelOptions.Weights(a),
            Seed = a.ULong("seed"),
            ResumeFrom = a.String("resume"),
            MaxSteps = a.OptionalInt("max-steps", 1),
        };
        var data = DataOptions.Build(a);
        var result = new Trainer(options, data, backend, status, !Console.IsErrorRedirected).Run(cancel);
        result.Model.Dispose();
        status.WriteLine($"Checkpoints: {result.BestCheckpoint} (best), {result.LastCheckpoint} (last).");
        using var best = ModelLoader.Load(result.BestCheckpoint, backend, null);
        var c = best.Config;
        KeyValuePair<string, string>[] summary =
        [
            new("model", $"{c.Variant.CliName()}, width {c.Width}, {c.ImageSize}px, {best.ParameterCount():N0} parameters"),
            new("data", synthetic ? "built-in synthetic chest X-rays (domain A in-domain, domain B cross-domain)" : "as given on the command line"),
            new("training", string.Create(CultureInfo.InvariantCulture, $"{options.Epochs} epochs, {options.BatchPerStream} images per stream, Adam lr {options.LearningRate}, StepLR {options.LrStepEpochs}/{options.LrGamma}, seed {options.Seed}")),
            new("evaluated", $"{result.BestCheckpoint} (lowest validation loss)"),
            new("device", backend.Name),
        ];
        RunReport.EvaluateAndWrite([new(c.Variant.CliName(), best)], data, options.OutputFolder, $"MultiMix.Native training run: {c.Variant.CliName()}", summary, result.History, output, status);
        return 0;
    }
}
