using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Train.Data;
using MultiMix.Train.Training;

namespace MultiMix.Train.Runs;

/// <summary>
/// A comparison grid: which variants, how many seeds, and the budget every run gets. The budget is in optimizer
/// steps with the same images per stream per step for every variant (a labeled stream sees as many labeled images
/// per step in every variant that has it). A compare "epoch" is <see cref="Steps"/> / <see cref="TrainOptions.Epochs"/>
/// steps for every variant, not a pass over the variant's own data: validation, checkpoints and StepLR
/// (<see cref="TrainOptions.LrStepEpochs"/> of these epochs) run at the same steps in every run.
/// </summary>
public sealed record CompareOptions
{
    /// <summary>The paper's seven variants in the paper's table order.</summary>
    public static IReadOnlyList<ModelVariant> AllVariants { get; } =
        [ModelVariant.UNet, ModelVariant.Enc, ModelVariant.EncSsl, ModelVariant.Umtl, ModelVariant.Umtls, ModelVariant.UmtlsSsl, ModelVariant.MultiMix];

    public const string DefaultOutput = "runs/compare";

    public const int DefaultSeeds = 3;

    public IReadOnlyList<ModelVariant> Variants { get; init; } = AllVariants;

    /// <summary>Seeds 1..<see cref="Seeds"/> (initialisation, batches, augmentation, dropout; the data stay the same).</summary>
    public int Seeds { get; init; } = DefaultSeeds;

    /// <summary>Optimizer steps per run; null: <see cref="TrainOptions.Epochs"/> epochs of MultiMix's epoch on this data (one pass over the unlabeled classification images).</summary>
    public int? Steps { get; init; }

    /// <summary>Everything else a run trains with (architecture but the variant, epochs, images per stream, optimizer, schedule, objective); its seed and variant are set per run.</summary>
    public TrainOptions Training { get; init; } = new();

    public string OutputFolder { get; init; } = DefaultOutput;

    /// <summary>The steps of one compare epoch, for data with these splits.</summary>
    public int StepsPerEpoch(DataSets data)
    {
        var steps = Steps ?? Training.Epochs * MultiMixEpoch(data, Training.BatchPerStream);
        if (steps % Training.Epochs != 0)
        {
            throw new CompareException(string.Create(CultureInfo.InvariantCulture,
                $"option --steps {steps} is not a multiple of --epochs {Training.Epochs}: a compare epoch is steps / epochs steps for every variant."));
        }

        return steps / Training.Epochs;
    }

    /// <summary>MultiMix's steps per epoch: one pass over the unlabeled classification images (or, without any, over the larger labeled set).</summary>
    public static int MultiMixEpoch(DataSets data, int perStream)
    {
        var driving = data.ClsUnlabeled is { Count: > 0 } u ? u.Count : Math.Max(data.ClsLabeled?.Count ?? 0, data.SegLabeled?.Count ?? 0);
        return Math.Max(1, (driving + perStream - 1) / perStream);
    }

    /// <summary>The options of one run of the grid.</summary>
    public TrainOptions ForRun(ModelVariant variant, ulong seed, int stepsPerEpoch, string folder, string? resumeFrom) => Training with
    {
        Model = Training.Model with { Variant = variant },
        Seed = seed,
        StepsPerEpoch = stepsPerEpoch,
        OutputFolder = folder,
        ResumeFrom = resumeFrom,
        MaxSteps = null,
    };
}
