using MultiMix.Model.Losses;
using MultiMix.Model.Networks;

namespace MultiMix.Train.Training;

/// <summary>Everything a training run needs besides its data.</summary>
public sealed record TrainOptions
{
    public required ModelConfig Model { get; init; }

    public required string OutputFolder { get; init; }

    public int Epochs { get; init; } = 100;

    /// <summary>Images per stream per step (the paper uses 10).</summary>
    public int BatchPerStream { get; init; } = 10;

    public float LearningRate { get; init; } = 1e-4f;

    public int LrStepEpochs { get; init; } = 8;

    public float LrGamma { get; init; } = 0.1f;

    public LossWeights Weights { get; init; } = new();

    public ulong Seed { get; init; } = 1;

    /// <summary>A checkpoint to continue from (weights, optimiser, schedule, epoch and random streams).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Stop after this many steps in total (tests and quick trials); null runs every epoch in full.</summary>
    public int? MaxSteps { get; init; }
}
