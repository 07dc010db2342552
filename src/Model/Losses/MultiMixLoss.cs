using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;

namespace MultiMix.Model.Losses;

/// <summary>The value of each term of one step, for logging (NaN where the variant has no such term).</summary>
public sealed record LossTerms(float Total, float CrossEntropy, float Dice, float PseudoLabel, float Consistency, float MaskRate);

/// <summary>
/// L = CE + 5·Dice + 0.25·L_u + 0.01·KL (docs/architecture.md, "The objective"), each term taken from its slice
/// of the one forward pass and switched on by the variant. The logged values of all terms reach the host in one
/// download per step. Validation uses the same code on a batch of one labeled stream.
/// </summary>
public static class MultiMixLoss
{
    /// <summary>The paper's pseudo-label confidence threshold τ: a weak view's prediction becomes a label when its top softmax probability is at least τ.</summary>
    public const float PaperConfidenceThreshold = 0.7f;

    public static (Tensor Total, LossTerms Terms) Compute(
        ModelVariant variant,
        LossWeights weights,
        StreamLayout layout,
        Tensor? segmentation,
        Tensor? classes,
        Tensor? masks,
        Tensor? labels,
        float confidenceThreshold = PaperConfidenceThreshold)
    {
        Tensor? total = null;
        var logged = new Dictionary<string, Tensor>();

        void AddTerm(string name, Tensor term, float weight)
        {
            logged[name] = term;
            var weighted = F.Scale(term, weight);
            total = total is null ? weighted : F.Add(total, weighted);
        }

        if (variant.Segments() && layout.SegLabeled > 0)
        {
            var labeled = F.Narrow(segmentation!, 0, 0, layout.SegLabeled);
            AddTerm(nameof(LossTerms.Dice), F.DiceLoss(labeled, masks!), weights.Dice);
            var pairs = Math.Min(layout.SegLabeled, layout.SegUnlabeled);
            if (variant.UsesConsistency() && pairs > 0)
            {
                var p = F.Narrow(segmentation!, 0, 0, pairs);
                var q = F.Narrow(segmentation!, 0, layout.SegUnlabeledStart, pairs);
                AddTerm(nameof(LossTerms.Consistency), F.BernoulliKl(p, q), weights.Consistency);
            }
        }
        if (variant.Classifies() && layout.ClsLabeled > 0)
        {
            AddTerm(nameof(LossTerms.CrossEntropy), F.CrossEntropy(F.Narrow(classes!, 0, layout.ClsLabeledStart, layout.ClsLabeled), labels!), weights.CrossEntropy);
        }
        if (variant.UsesPseudoLabels() && layout.ClsUnlabeled > 0)
        {
            var weak = F.Narrow(classes!, 0, layout.WeakStart, layout.ClsUnlabeled);
            var strong = F.Narrow(classes!, 0, layout.StrongStart, layout.ClsUnlabeled);
            var (loss, mask) = F.PseudoLabelCrossEntropy(weak, strong, confidenceThreshold);
            AddTerm(nameof(LossTerms.PseudoLabel), loss, weights.PseudoLabel);
            using (GradMode.NoGrad()) logged[nameof(LossTerms.MaskRate)] = F.Mean(mask);
        }
        if (total is null) throw new InvalidOperationException($"The {variant.Name()} objective has no term for this batch layout {layout}.");
        float[] values;
        using (GradMode.NoGrad()) values = F.Concat(0, [total, .. logged.Values]).ToArray();
        var names = logged.Keys.ToList();
        float Value(string name) => names.IndexOf(name) is var i and >= 0 ? values[i + 1] : float.NaN;
        return (total, new LossTerms(values[0], Value(nameof(LossTerms.CrossEntropy)), Value(nameof(LossTerms.Dice)),
            Value(nameof(LossTerms.PseudoLabel)), Value(nameof(LossTerms.Consistency)), Value(nameof(LossTerms.MaskRate))));
    }
}
