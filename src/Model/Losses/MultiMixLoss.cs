using MultiMix.Model.Networks;
using MultiMix.Tensors;

namespace MultiMix.Model.Losses;

/// <summary>The value of each term of one step, for logging (NaN where the variant has no such term).</summary>
public sealed record LossTerms(float Total, float CrossEntropy, float Dice, float PseudoLabel, float Consistency, float MaskRate);

/// <summary>
/// L = CE + 5·Dice + 0.25·L_u + 0.01·KL (design.md §3), each term taken from its slice of the one forward pass
/// and switched on by the variant.
/// </summary>
public static class MultiMixLoss
{
    public static (Tensor Total, LossTerms Terms) Compute(
        ModelVariant variant,
        LossWeights weights,
        StreamLayout layout,
        Tensor? segmentation,
        Tensor? classes,
        Tensor? masks,
        Tensor? labels)
    {
        Tensor? total = null;
        float ce = float.NaN, dice = float.NaN, pseudo = float.NaN, kl = float.NaN, maskRate = float.NaN;

        void AddTerm(Tensor term, float weight, ref float log)
        {
            log = term.Item();
            var weighted = F.Scale(term, weight);
            total = total is null ? weighted : F.Add(total, weighted);
        }

        if (variant.Segments() && layout.SegLabeled > 0)
        {
            var labeled = F.Narrow(segmentation!, 0, 0, layout.SegLabeled);
            AddTerm(F.DiceLoss(labeled, masks!), weights.Dice, ref dice);
            var pairs = Math.Min(layout.SegLabeled, layout.SegUnlabeled);
            if (variant.UsesConsistency() && pairs > 0)
            {
                var p = F.Narrow(segmentation!, 0, 0, pairs);
                var q = F.Narrow(segmentation!, 0, layout.SegUnlabeledStart, pairs);
                AddTerm(F.BernoulliKl(p, q), weights.Consistency, ref kl);
            }
        }
        if (variant.Classifies() && layout.ClsLabeled > 0)
        {
            AddTerm(F.CrossEntropy(F.Narrow(classes!, 0, layout.ClsLabeledStart, layout.ClsLabeled), labels!), weights.CrossEntropy, ref ce);
        }
        if (variant.UsesPseudoLabels() && layout.ClsUnlabeled > 0)
        {
            var weak = F.Narrow(classes!, 0, layout.WeakStart, layout.ClsUnlabeled);
            var strong = F.Narrow(classes!, 0, layout.StrongStart, layout.ClsUnlabeled);
            var (loss, mask) = F.PseudoLabelCrossEntropy(weak, strong, weights.Threshold);
            maskRate = mask.ToArray().Average();
            AddTerm(loss, weights.PseudoLabel, ref pseudo);
        }
        if (total is null) throw new InvalidOperationException($"The {variant.CliName()} objective has no term for this batch layout {layout}.");
        return (total, new LossTerms(total.Item(), ce, dice, pseudo, kl, maskRate));
    }
}
