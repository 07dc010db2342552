using System.Globalization;
using MultiMix.Kernels.Backend;
using MultiMix.Model.Networks;
using MultiMix.Model.Training;
using MultiMix.Tensors.Backend;
using MultiMix.Train.Training;

namespace MultiMix.Train.Runs;

/// <summary>
/// `train --profile`: the steps a run would train first (same initial weights, batches and dropout), on a profiling
/// backend, and the table of where a step's time and memory go. Nothing is written to the output folder.
/// </summary>
public static class ProfileRun
{
    /// <summary>Steps profiled when --max-steps is not given (the first is warm-up and not counted).</summary>
    public const int DefaultSteps = 10;

    /// <summary>What waits for the device's queued work: the CUDA backend's synchronize; null on the CPU, whose ops end when they return.</summary>
    public static Action? DeviceSynchronize(IBackend backend) => backend is CudaBackend cuda ? cuda.Synchronize : null;

    public static void Run(TrainOptions options, DataSpec data, IBackend backend, RunConsole console, CancellationToken cancel)
    {
        var c = options.Model;
        var sets = data.Open();
        var loader = new BatchLoader(sets, c.Variant, options.BatchPerStream, c.ImageSize, options.Seed);
        var batches = Enumerable.Range(0, int.MaxValue).SelectMany(epoch => loader.Epoch(epoch, cancel)).Select(b => b.Inputs);
        var settings = new StepProfile.Settings(c, options.LearningRate, options.Weights, options.ConfidenceThreshold,
            Trainer.InitSeed(options.Seed), Trainer.DropoutSeed(options.Seed), options.MaxSteps ?? DefaultSteps);
        var report = StepProfile.Run(backend, settings, batches, DeviceSynchronize(backend));
        console.Results.Write(report.Format(string.Create(CultureInfo.InvariantCulture,
            $"Profile of a {c.Variant.Name()} training step on {backend.Name}: width {c.Width}, {c.ImageSize} px, {options.BatchPerStream} images per stream")));
    }
}
