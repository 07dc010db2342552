using System.CommandLine;
using MultiMix.Model.Losses;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>The objective's options: the four term weights and the pseudo-label threshold τ.</summary>
internal sealed class LossOptionSet
{
    private static readonly LossWeights s_paper = RunDefaults.Paper.Weights;

    private readonly Option<float?> _ce = OptionValues.Float("--w-ce", "X", "Weight of the supervised cross-entropy", 0, 1000).Default(s_paper.CrossEntropy);
    private readonly Option<float?> _dice = OptionValues.Float("--w-dice", "X", "Weight of the Dice loss", 0, 1000).Default(s_paper.Dice);
    private readonly Option<float?> _pseudo = OptionValues.Float("--w-pseudo", "X", "Weight of the pseudo-label term", 0, 1000).Default(s_paper.PseudoLabel);
    private readonly Option<float?> _kl = OptionValues.Float("--w-kl", "X", "Weight of the consistency (KL) term", 0, 1000).Default(s_paper.Consistency);
    private readonly Option<float?> _threshold = OptionValues.Float("--threshold", "P", "Pseudo-label confidence threshold τ", 0, 1).Default(RunDefaults.Paper.ConfidenceThreshold);

    public IEnumerable<Option> Options => [_ce, _dice, _pseudo, _kl, _threshold];

    public LossWeights Weights(ParseResult r) => new(
        r.GetValue(_ce) ?? s_paper.CrossEntropy,
        r.GetValue(_dice) ?? s_paper.Dice,
        r.GetValue(_pseudo) ?? s_paper.PseudoLabel,
        r.GetValue(_kl) ?? s_paper.Consistency);

    public float Threshold(ParseResult r) => r.GetValue(_threshold) ?? RunDefaults.Paper.ConfidenceThreshold;

    /// <summary>The options that name these weights and τ, for a run's saved configuration.</summary>
    public IEnumerable<KeyValuePair<string, string>> Arguments(LossWeights w, float threshold) =>
    [
        new(_ce.Name, OptionValues.Format(w.CrossEntropy)),
        new(_dice.Name, OptionValues.Format(w.Dice)),
        new(_pseudo.Name, OptionValues.Format(w.PseudoLabel)),
        new(_kl.Name, OptionValues.Format(w.Consistency)),
        new(_threshold.Name, OptionValues.Format(threshold)),
    ];
}
