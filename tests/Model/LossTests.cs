using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Tensors.Cpu;
using Xunit;

namespace MultiMix.Tests.Model;

/// <summary>Each term of the objective against values worked out by hand.</summary>
public sealed class LossTests
{
    private static readonly CpuBackend s_b = CpuBackend.Shared;

    [Fact]
    public void Every_term_matches_its_hand_computed_value()
    {
        using var scope = new TensorScope();
        // Layout: 1 labeled seg, 1 unlabeled seg, 1 labeled cls, 2 unlabeled cls (weak then strong views).
        var layout = new StreamLayout(1, 1, 1, 2);
        var q = (float)Math.Log(1.0 / 3.0);
        // 2×2 segmentation logits: labeled image all 0 (p = ½), unlabeled all logit(¼).
        var seg = Tensor.FromArray(s_b, [0f, 0f, 0f, 0f, q, q, q, q, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f, 9f], 7, 1, 2, 2);
        var masks = Tensor.FromArray(s_b, [1f, 1f, 0f, 0f], 1, 1, 2, 2);
        var edge = (float)Math.Log(0.7 / 0.3);
        // Class logits per image: seg images (unused), labeled [0, 0] with label 1, weak views, strong views.
        var classes = Tensor.FromArray(s_b, [5f, 5f, 5f, 5f, 0f, 0f, edge, 0f, 0f, 0.5f, 1f, 0f, 2f, 2f], 7, 2);
        var labels = Tensor.FromArray(s_b, [1], 1);

        var (total, terms) = MultiMixLoss.Compute(ModelVariant.MultiMix, new LossWeights(), layout, seg, classes, masks, labels);

        // Dice: Σp·y = 1, Σp = 2, Σy = 2 → 1 − 3/5.
        Assert.Equal(0.4, terms.Dice, 5);
        // CE of [0, 0] against either class = ln 2.
        Assert.Equal(Math.Log(2), terms.CrossEntropy, 5);
        // Weak row 1 has max softmax exactly 0.7 → kept with pseudo-label 0; row 2 (0.62) is masked out.
        // Strong row 1 = [1, 0] against label 0: ln(1 + e^-1); mean over both rows.
        Assert.Equal(Math.Log(1 + Math.Exp(-1)) / 2, terms.PseudoLabel, 5);
        Assert.Equal(0.5, terms.MaskRate, 5);
        // KL(Bern(½) ‖ Bern(¼)) = ½ ln(4/3) per pixel.
        Assert.Equal(0.5 * Math.Log(4.0 / 3.0), terms.Consistency, 5);
        var expected = terms.CrossEntropy + (5 * terms.Dice) + (0.25 * terms.PseudoLabel) + (0.01 * terms.Consistency);
        Assert.Equal(expected, total.Item(), 5);
        // The diagnostics: weak row 1 [edge, 0] → class 0, confident; row 2 [0, 0.5] → class 1, not confident.
        Assert.Equal([0, 1], terms.PseudoLabels!.Labels);
        Assert.Equal([true, false], terms.PseudoLabels.Confident);
    }

    [Fact]
    public void Variants_switch_their_terms_off()
    {
        using var scope = new TensorScope();
        var layout = new StreamLayout(1, 1, 1, 1);
        var seg = Tensor.Zeros(s_b, 5, 1, 2, 2);
        var classes = Tensor.Zeros(s_b, 5, 2);
        var masks = Tensor.Zeros(s_b, 1, 1, 2, 2);
        var labels = Tensor.FromArray(s_b, [0], 1);
        var (_, umtl) = MultiMixLoss.Compute(ModelVariant.Umtl, new LossWeights(), layout, seg, classes, masks, labels);
        Assert.True(float.IsNaN(umtl.PseudoLabel) && float.IsNaN(umtl.Consistency));
        Assert.Null(umtl.PseudoLabels);
        Assert.False(float.IsNaN(umtl.Dice) || float.IsNaN(umtl.CrossEntropy));
        var (_, unet) = MultiMixLoss.Compute(ModelVariant.UNet, new LossWeights(), layout, seg, null, masks, null);
        Assert.True(float.IsNaN(unet.CrossEntropy));
        var (_, enc) = MultiMixLoss.Compute(ModelVariant.EncSsl, new LossWeights(), layout, null, classes, null, labels);
        Assert.True(float.IsNaN(enc.Dice));
        Assert.False(float.IsNaN(enc.PseudoLabel));
    }
}
