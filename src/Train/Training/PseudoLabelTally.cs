using MultiMix.Model.Losses;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Training;

/// <summary>
/// Counts what the pseudo-label term did over an epoch against the true classes of the unlabeled images: how
/// many were confident (mask), how many confident labels were right, which class they said, per true class.
/// The true classes come with the batch for this count only; they are never part of the objective.
/// </summary>
public sealed class PseudoLabelTally
{
    private readonly long[] _seen = new long[2];
    private readonly long[] _confident = new long[2];
    private long _confidentCorrect;
    private long _confidentPneumonia;
    private long _weakCorrect;

    public long Seen => _seen[0] + _seen[1];

    public long Confident => _confident[0] + _confident[1];

    /// <summary>Share of the confident pseudo-labels equal to the truth; null when none was confident.</summary>
    public double? Accuracy => Confident == 0 ? null : (double)_confidentCorrect / Confident;

    /// <summary>Share of the confident pseudo-labels that say pneumonia; null when none was confident.</summary>
    public double? PneumoniaShare => Confident == 0 ? null : (double)_confidentPneumonia / Confident;

    /// <summary>Share of pneumonia among the unlabeled images seen.</summary>
    public double? TruePneumoniaShare => Seen == 0 ? null : (double)_seen[ClassificationScores.Pneumonia] / Seen;

    /// <summary>Accuracy of the weak view's top class over every unlabeled image seen, confident or not.</summary>
    public double? WeakAccuracy => Seen == 0 ? null : (double)_weakCorrect / Seen;

    /// <summary>The mask rate among the images whose true class is <paramref name="truth"/>.</summary>
    public double? MaskRateOf(int truth) => _seen[truth] == 0 ? null : (double)_confident[truth] / _seen[truth];

    public void Add(PseudoLabelBatch batch, ReadOnlySpan<int> truth)
    {
        if (truth.Length != batch.Labels.Length)
        {
            throw new ArgumentException($"{batch.Labels.Length} pseudo-labels for {truth.Length} true classes", nameof(truth));
        }

        for (var i = 0; i < truth.Length; i++)
        {
            var correct = batch.Labels[i] == truth[i];
            _seen[truth[i]]++;
            _weakCorrect += correct ? 1 : 0;
            if (!batch.Confident[i])
            {
                continue;
            }

            _confident[truth[i]]++;
            _confidentCorrect += correct ? 1 : 0;
            _confidentPneumonia += batch.Labels[i] == ClassificationScores.Pneumonia ? 1 : 0;
        }
    }
}
