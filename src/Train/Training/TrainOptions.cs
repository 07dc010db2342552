using MultiMix.Model.Losses;
using MultiMix.Model.Networks;

namespace MultiMix.Train.Training;

/// <summary>
/// Everything a training run needs besides its data. The defaults are the paper's (docs/architecture.md,
/// "Defaults"): <c>new TrainOptions()</c> is the published configuration, and the command line's defaults are read
/// from here.
/// </summary>
public sealed record TrainOptions
{
    public ModelConfig Model { get; init; } = new();

    public string OutputFolder { get; init; } = "runs/multimix";

    public int Epochs { get; init; } = 100;

    /// <summary>Images per stream per step.</summary>
    public int BatchPerStream { get; init; } = 10;

    /// <summary>Adam's learning rate at epoch 1.</summary>
    public float LearningRate { get; init; } = 1e-4f;

    /// <summary>StepLR: the rate is multiplied by <see cref="LrGamma"/> every this many epochs.</summary>
    public int LrStepEpochs { get; init; } = 8;

    public float LrGamma { get; init; } = 0.1f;

    public LossWeights Weights { get; init; } = new();

    /// <summary>τ: the pseudo-label confidence threshold.</summary>
    public float ConfidenceThreshold { get; init; } = MultiMixLoss.PaperConfidenceThreshold;

    /// <summary>Seed of initialisation, batches, augmentation and dropout.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>A checkpoint to continue from (weights, optimiser, schedule, epoch and random streams).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>
    /// Steps in an epoch (validation, checkpoints and StepLR count epochs); null: one pass over the stream that
    /// drives the variant (<see cref="BatchLoader"/>). A compare sets it so that every variant's epoch, and so its
    /// schedule, is the same number of steps.
    /// </summary>
    public int? StepsPerEpoch { get; init; }

    /// <summary>Stop after this many steps in total (tests and quick trials); null runs every epoch in full.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Extra metadata stored in every checkpoint of the run (the run's configuration, so a resume can read it back).</summary>
    public IReadOnlyDictionary<string, string> CheckpointMetadata { get; init; } = new Dictionary<string, string>();
}
