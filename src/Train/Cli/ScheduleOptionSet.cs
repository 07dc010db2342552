using System.CommandLine;
using MultiMix.Train.Runs;
using MultiMix.Train.Training;

namespace MultiMix.Train.Cli;

/// <summary>The training schedule's options, shared by train and compare: --epochs, --batch, --lr, --lr-step, --lr-gamma.</summary>
internal sealed class ScheduleOptionSet
{
    private const string Synthetic = "with the built-in synthetic data";

    public Option<int?> Batch { get; } = OptionValues.Int("--batch", "N", "Images per stream per step", 1, 4096).Default($"{RunDefaults.Paper.BatchPerStream}; {RunDefaults.Synthetic.BatchPerStream} {Synthetic}");
    public Option<float?> LearningRate { get; } = OptionValues.Float("--lr", "X", "Adam learning rate", 1e-9f, 10f)
        .Default($"{OptionValues.Format(RunDefaults.Paper.LearningRate)}; {OptionValues.Format(RunDefaults.Synthetic.LearningRate)} {Synthetic}");

    public Option<int?> LrStep { get; } = OptionValues.Int("--lr-step", "N", "StepLR step in epochs", 1).Default(RunDefaults.Paper.LrStepEpochs);
    public Option<float?> LrGamma { get; } = OptionValues.Float("--lr-gamma", "X", "StepLR decay", 0f, 1f).Default(RunDefaults.Paper.LrGamma);

    /// <summary><paramref name="epochsHelp"/> says what an epoch is to the command.</summary>
    public ScheduleOptionSet(string epochsHelp) =>
        Epochs = OptionValues.Int("--epochs", "N", epochsHelp, 1).Default($"{RunDefaults.Paper.Epochs}; {RunDefaults.Synthetic.Epochs} {Synthetic}");

    public Option<int?> Epochs { get; }

    public IEnumerable<Option> Options => [Epochs, Batch, LearningRate, LrStep, LrGamma];

    /// <summary><paramref name="defaults"/> with the options given.</summary>
    public TrainOptions Read(ParseResult r, TrainOptions defaults) => defaults with
    {
        Epochs = r.GetValue(Epochs) ?? defaults.Epochs,
        BatchPerStream = r.GetValue(Batch) ?? defaults.BatchPerStream,
        LearningRate = r.GetValue(LearningRate) ?? defaults.LearningRate,
        LrStepEpochs = r.GetValue(LrStep) ?? defaults.LrStepEpochs,
        LrGamma = r.GetValue(LrGamma) ?? defaults.LrGamma,
    };
}
