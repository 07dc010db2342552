using MultiMix.Model.Networks;
using MultiMix.Train.Training;

namespace MultiMix.Train.Runs;

/// <summary>
/// The defaults a run starts from. They are the paper's (<see cref="TrainOptions"/>, <see cref="ModelConfig"/>,
/// <see cref="DataSpec"/> hold them), except with the built-in synthetic data, which is small and easy: there the
/// defaults become 64 px, 6 epochs, 4 images per stream and lr 1e-3 so the run finishes in minutes on a 2-core CPU.
/// </summary>
public static class RunDefaults
{
    public static TrainOptions Paper { get; } = new();

    public static TrainOptions Synthetic { get; } = Paper with
    {
        Model = Paper.Model with { ImageSize = 64 },
        Epochs = 6,
        BatchPerStream = 4,
        LearningRate = 1e-3f,
    };

    public static TrainOptions Training(DataSpec data) => data.IsSynthetic ? Synthetic : Paper;
}
