using MultiMix.Model.Losses;
using MultiMix.Train.Training;
using Xunit;

namespace MultiMix.Tests.Training;

public sealed class PseudoLabelTallyTests
{
    [Fact]
    public void Counts_confident_labels_against_the_truth()
    {
        var tally = new PseudoLabelTally();
        // Truth:      0  0  1  1  1
        // Label:      0  1  1  0  1
        // Confident:  y  y  y  n  n
        tally.Add(new PseudoLabelBatch([0, 1, 1, 0, 1], [true, true, true, false, false]), [0, 0, 1, 1, 1]);
        // Truth 1, label 1, confident.
        tally.Add(new PseudoLabelBatch([1], [true]), [1]);

        Assert.Equal(6, tally.Seen);
        Assert.Equal(4, tally.Confident);
        Assert.Equal(3 / 4.0, tally.Accuracy);
        Assert.Equal(3 / 4.0, tally.PneumoniaShare);
        Assert.Equal(4 / 6.0, tally.TruePneumoniaShare);
        Assert.Equal(2 / 2.0, tally.MaskRateOf(0));
        Assert.Equal(2 / 4.0, tally.MaskRateOf(1));
        Assert.Equal(4 / 6.0, tally.WeakAccuracy);
    }

    [Fact]
    public void Nothing_confident_gives_no_accuracy()
    {
        var tally = new PseudoLabelTally();
        Assert.Null(tally.WeakAccuracy);
        tally.Add(new PseudoLabelBatch([0, 1], [false, false]), [0, 0]);
        Assert.Null(tally.Accuracy);
        Assert.Null(tally.PneumoniaShare);
        Assert.Equal(0.5, tally.WeakAccuracy);
        Assert.Equal(0.0, tally.MaskRateOf(0));
        Assert.Null(tally.MaskRateOf(1));
        Assert.Throws<ArgumentException>(() => tally.Add(new PseudoLabelBatch([0], [true]), [0, 1]));
    }
}
