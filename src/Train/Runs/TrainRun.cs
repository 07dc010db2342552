using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;
using MultiMix.Train.Training;

namespace MultiMix.Train.Runs;

/// <summary>Trains a model, keeps the best and last checkpoints, evaluates the best one on the test sets and writes the report.</summary>
public static class TrainRun
{
    public static void Run(TrainOptions options, DataSpec data, IBackend backend, RunConsole console, CancellationToken cancel)
    {
        var sets = data.Open();
        var result = new Trainer(options, sets, backend, console.Status, console.Interactive).Run(cancel);
        result.Model.Dispose();
        console.Status.WriteLine($"Checkpoints: {result.BestCheckpoint} (best), {result.LastCheckpoint} (last).");
        using var best = ModelLoader.Load(result.BestCheckpoint, backend, null);
        var c = best.Config;
        KeyValuePair<string, string>[] summary =
        [
            new("model", $"{c.Variant.Name()}, width {c.Width}, {c.ImageSize}px, {best.ParameterCount():N0} parameters"),
            new("data", data.Description),
            new("training", string.Create(CultureInfo.InvariantCulture, $"{options.Epochs} epochs, {options.BatchPerStream} images per stream, Adam lr {options.LearningRate}, StepLR {options.LrStepEpochs}/{options.LrGamma}, seed {options.Seed}")),
            new("evaluated", $"{result.BestCheckpoint} (lowest validation loss)"),
            new("device", backend.Name),
        ];
        RunReport.EvaluateAndWrite([new(c.Variant.Name(), best)], sets, options.OutputFolder, $"MultiMix.Native training run: {c.Variant.Name()}", summary, result.History, console.Results, console.Status);
    }
}
