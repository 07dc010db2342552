using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Cpu;
using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using MultiMix.Train.Evaluation;
using Xunit;

namespace MultiMix.Tests.Evaluation;

public sealed class EvaluatorTests
{
    private static MultiMixNet Model() => new(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, 2, 32), 3);

    /// <summary>
    /// The validation loss is the objective's weighted term averaged over every image of the set, whatever the
    /// batching (5 images in batches of 2, 2 and 1), checked against soft Dice and cross-entropy worked out in
    /// double on the host from the model's own outputs.
    /// </summary>
    [Fact]
    public void The_loss_is_the_weighted_objective_over_the_set()
    {
        using var model = Model();
        var weights = new LossWeights(CrossEntropy: 2f, Dice: 3f);
        var seg = new SyntheticSegmentationSource(5, SyntheticDomain.A, 1);
        var cls = new SyntheticClassificationSource(5, SyntheticDomain.A, 2);

        double dice = 0, ce = 0;
        for (var i = 0; i < 5; i++)
        {
            var s = seg.Load(i, 32);
            var p = Inference.Run(model, Normalization.ToSignedUnit(s.Image), 1, 32).SegmentationLogits!.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
            var y = s.Mask.Pixels;
            var intersection = p.Zip(y, (a, b) => a * b).Sum();
            dice += 1 - (((2 * intersection) + 1) / (p.Sum() + y.Sum() + 1));
            var c = cls.Load(i, 32);
            var logits = Inference.Run(model, Normalization.ToSignedUnit(c.Image), 1, 32).ClassLogits!;
            ce += Math.Log(Math.Exp(logits[0]) + Math.Exp(logits[1])) - logits[c.Label];
        }

        var segmentation = Evaluator.Segmentation(model, seg, weights, batch: 2);
        var classification = Evaluator.Classification(model, cls, weights, batch: 2);
        Assert.Equal(3 * dice / 5, segmentation.Loss!.Value, 5);
        Assert.Equal(2 * ce / 5, classification.Loss!.Value, 5);
        Assert.True(model.Training, "evaluation must restore the training mode");
    }

    [Fact]
    public void Without_an_objective_no_loss_is_taken()
    {
        using var model = Model();
        var seg = Evaluator.Segmentation(model, new SyntheticSegmentationSource(3, SyntheticDomain.B, 4));
        var cls = Evaluator.Classification(model, new SyntheticClassificationSource(3, SyntheticDomain.B, 4));
        Assert.Null(seg.Loss);
        Assert.Null(cls.Loss);
        Assert.Equal(3, seg.PerImage.Count);
        Assert.Equal(3, cls.Predicted.Length);
    }
}
