using System.Diagnostics;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Training;

/// <summary>
/// Trains a fresh model for a few steps on a <see cref="ProfilingBackend"/> around the given backend and reports
/// where the time and the memory of a step go (<see cref="ProfileReport"/>). The batches come from the caller
/// (the training data loader, or synthetic arrays); the time the step waits for each one is data loading.
/// </summary>
public static class StepProfile
{
    public sealed record Settings(ModelConfig Model, float LearningRate, LossWeights Weights, float ConfidenceThreshold, ulong InitSeed, ulong DropoutSeed, int Steps, int WarmUpSteps = 1);

    /// <param name="backend">Where the steps run.</param>
    /// <param name="settings">The model, the optimizer and how many steps.</param>
    /// <param name="batches">One batch per step.</param>
    /// <param name="deviceSynchronize">
    /// For a device that runs ops asynchronously (CUDA): waits for its queued work, so that each op is timed to its
    /// end rather than to its launch; the CPU's limits are then not measured, since they say nothing about the device.
    /// Null on the CPU.
    /// </param>
    public static ProfileReport Run(IBackend backend, Settings settings, IEnumerable<StepInputs> batches, Action? deviceSynchronize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.Steps, settings.WarmUpSteps);
        var limits = deviceSynchronize == null ? MachineLimits.Measure(Environment.ProcessorCount) : null;
        var profiler = new ProfilingBackend(backend, deviceSynchronize);
        using var model = new MultiMixNet(profiler, settings.Model, settings.InitSeed);
        using var adam = new Adam(model.Flat!, settings.LearningRate);
        profiler.NameParameters(model.NamedParameters());
        profiler.Label(adam.State().Select(s => s.Tensor), "Adam moments");
        var dropout = new RandomStream(settings.DropoutSeed);
        var stepSeconds = new List<double>();
        using var source = batches.GetEnumerator();
        for (var step = 0; step < settings.Steps; step++)
        {
            if (step == settings.WarmUpSteps) profiler.Restart();
            var started = Stopwatch.GetTimestamp();
            StepInputs batch;
            using (profiler.Measure(OpFamilies.DataLoading))
            {
                if (!source.MoveNext()) throw new ArgumentException($"The profile needs {settings.Steps} batches; the source ended after {step}.", nameof(batches));
                batch = source.Current;
            }
            TrainingStep.Run(model, adam, settings.Weights, settings.ConfidenceThreshold, batch, dropout);
            stepSeconds.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        return new ProfileReport(profiler, limits, stepSeconds, settings.WarmUpSteps);
    }
}
