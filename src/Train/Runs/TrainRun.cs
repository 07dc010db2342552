using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;
using MultiMix.Train.Data;
using MultiMix.Train.Training;

namespace MultiMix.Train.Runs;

/// <summary>
/// Trains a model, keeps the best and last checkpoints, evaluates the best one on the test sets and writes the
/// report. Before anything is trained: the checkpoint to resume from is checked, the data is opened, the output
/// folder is taken (<see cref="RunFolder"/>), and the data is summarised and every file of every split checked.
/// Data-parallel (a <see cref="TrainingWorld"/> of several ranks): every rank opens and checks the data (each
/// machine must see it) and trains its part; rank 0 alone takes the output folder, prints, writes, and evaluates
/// the best checkpoint on the test sets for the report while the other ranks end (the test sets are scored once,
/// whole, as a single-process run scores them).
/// </summary>
public static class TrainRun
{
    /// <param name="options">The run's options.</param>
    /// <param name="data">The data it trains and is tested on.</param>
    /// <param name="overwrite">A run already in the output folder may be replaced.</param>
    /// <param name="arguments">The run's configuration as the train options that reproduce it (<see cref="RunArguments"/>), stored in every checkpoint.</param>
    /// <param name="backend">Where it runs.</param>
    /// <param name="console">Where it reports.</param>
    /// <param name="cancel">Stops it between steps.</param>
    /// <param name="world">The processes it runs on (one, unless data-parallel).</param>
    public static void Run(TrainOptions options, DataSpec data, bool overwrite, IReadOnlyList<KeyValuePair<string, string>> arguments, IBackend backend, RunConsole console, CancellationToken cancel, TrainingWorld? world = null)
    {
        var ranks = world ?? TrainingWorld.Single;
        var here = ranks.WritesFiles ? console : new RunConsole(TextWriter.Null, TextWriter.Null, false);
        var (resume, continuing, sets) = ranks.Agreed(() =>
        {
            var point = options.ResumeFrom is { } from ? ResumePoint.Read(from, options.Epochs) : null;
            var continuing = point is not null && string.Equals(point.Folder, Path.GetFullPath(options.OutputFolder), StringComparison.Ordinal);
            if (continuing && overwrite)
            {
                throw new DataException($"--overwrite would delete the run that --resume {options.ResumeFrom} continues; leave --overwrite out, or resume into another --out.");
            }
            return (point, continuing, data.Open());
        });
        var commandLine = RunArguments.CommandLine("train", arguments);
        RunFolder? folder = null;
        try
        {
            ranks.RootWrites(() => folder = RunFolder.Take(options.OutputFolder, continuing, overwrite, commandLine));
            ranks.Agreed(() =>
            {
                foreach (var removed in folder?.RemovedTemporaries ?? []) here.Status.WriteLine($"Removed {removed}, a temporary file left by an interrupted run.");
                foreach (var line in sets.Summary) here.Status.WriteLine($"Data: {line}");
                DataChecking.Run(sets.All(), "nothing was trained", here, cancel);
            });

            var stored = options with { CheckpointMetadata = new Dictionary<string, string>(options.CheckpointMetadata) { [RunArguments.MetadataKey] = RunArguments.ToJson(arguments) } };
            var result = new Trainer(stored, sets, backend, console.Status, console.Interactive, resume, world: ranks).Run(cancel);
            result.Model.Dispose();
            ranks.EndCollectives();
            if (!ranks.WritesFiles) return;
            console.Status.WriteLine($"Checkpoints: {result.BestCheckpoint} (best), {result.LastCheckpoint} (last).");
            using var best = ModelLoader.Load(result.BestCheckpoint, backend, null);
            var c = best.Config;
            KeyValuePair<string, string>[] summary =
            [
                new("model", $"{c.Variant.Name()}, width {c.Width}, {c.ImageSize}px, {best.ParameterCount():N0} parameters"),
                new("data", data.Description),
                .. RunReport.DataLines(sets),
                new("training", Training(options, result)),
                new("evaluated", result.Validated
                    ? string.Create(CultureInfo.InvariantCulture, $"{result.BestCheckpoint} (epoch {result.BestEpoch}, the lowest validation loss)")
                    : string.Create(CultureInfo.InvariantCulture, $"{result.BestCheckpoint} (epoch {result.BestEpoch}, the last: no validation data)")),
                new("configuration", commandLine),
                new("device", backend.Name),
                .. ranks.IsDistributed
                    ? [new KeyValuePair<string, string>("processes", string.Create(CultureInfo.InvariantCulture, $"{ranks.Ranks.Size} data-parallel ranks (mpirun -np {ranks.Ranks.Size} … --distributed), {options.BatchPerStream / ranks.Ranks.Size} images per stream each; the test sets scored by rank 0"))]
                    : Array.Empty<KeyValuePair<string, string>>(),
            ];
            RunReport.EvaluateAndWrite([new(c.Variant.Name(), best)], sets, options.OutputFolder, $"MultiMix.Native training run: {c.Variant.Name()}", summary, result.History, console.Results, console.Status);
        }
        finally
        {
            folder?.Dispose();
        }
    }

    /// <summary>What was trained: the epochs and steps of this invocation, why it stopped early, and the schedule.</summary>
    private static string Training(TrainOptions options, TrainResult result)
    {
        var epochs = result.FirstEpoch == result.LastEpoch ? $"epoch {result.LastEpoch}" : $"epochs {result.FirstEpoch}–{result.LastEpoch}";
        var stopped = result.StoppedByMaxSteps ? $" (stopped by --max-steps {options.MaxSteps})" : "";
        var resumed = options.ResumeFrom is { } from ? $", resumed from {from} after epoch {result.FirstEpoch - 1}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{epochs} of {options.Epochs}, {result.Steps} steps{stopped}{resumed}; {options.BatchPerStream} images per stream, Adam lr {options.LearningRate}, StepLR {options.LrStepEpochs}/{options.LrGamma}, seed {options.Seed}");
    }
}
