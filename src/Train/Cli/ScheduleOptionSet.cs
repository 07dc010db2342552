using System.CommandLine;
using MultiMix.Train.Runs;
using MultiMix.Train.Training;

namespace MultiMix.Train.Cli;

/// <summary>The training schedule's options, shared by train and compare: --epochs, --batch, --lr, --lr-step, --lr-gamma.</summary>
internal sealed class ScheduleOptionSet
{
    private const string Synthetic = "with the built-in synthetic data";

    private readonly Option<int?> _epochs;
    private readonly Option<int?> _batch = OptionValues.Int("--batch", "N", "Images per stream per step", 1, 4096).Default($"{RunDefaults.Paper.BatchPerStream}; {RunDefaults.Synthetic.BatchPerStream} {Synthetic}");
    private readonly Option<float?> _lr = OptionValues.Float("--lr", "X", "Adam learning rate", 1e-9f, 10f)
        .Default($"{OptionValues.Format(RunDefaults.Paper.LearningRate)}; {OptionValues.Format(RunDefaults.Synthetic.LearningRate)} {Synthetic}");

    private readonly Option<int?> _lrStep = OptionValues.Int("--lr-step", "N", "StepLR step in epochs", 1).Default(RunDefaults.Paper.LrStepEpochs);
    private readonly Option<float?> _lrGamma = OptionValues.Float("--lr-gamma", "X", "StepLR decay", 0f, 1f).Default(RunDefaults.Paper.LrGamma);

    /// <summary><paramref name="epochsHelp"/> says what an epoch is to the command.</summary>
    public ScheduleOptionSet(string epochsHelp) =>
        _epochs = OptionValues.Int("--epochs", "N", epochsHelp, 1).Default($"{RunDefaults.Paper.Epochs}; {RunDefaults.Synthetic.Epochs} {Synthetic}");

    public IEnumerable<Option> Options => [_epochs, _batch, _lr, _lrStep, _lrGamma];

    /// <summary><paramref name="defaults"/> with the options given.</summary>
    public TrainOptions Read(ParseResult r, TrainOptions defaults) => defaults with
    {
        Epochs = r.GetValue(_epochs) ?? defaults.Epochs,
        BatchPerStream = r.GetValue(_batch) ?? defaults.BatchPerStream,
        LearningRate = r.GetValue(_lr) ?? defaults.LearningRate,
        LrStepEpochs = r.GetValue(_lrStep) ?? defaults.LrStepEpochs,
        LrGamma = r.GetValue(_lrGamma) ?? defaults.LrGamma,
    };
}
