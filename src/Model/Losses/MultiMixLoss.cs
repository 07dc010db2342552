using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;

namespace MultiMix.Model.Losses;

/// <summary>
/// The value of each term of one step, for logging (NaN where the variant has no such term), and the step's
/// pseudo-labels when the variant has the pseudo-label term.
/// </summary>
public sealed record LossTerms(float Total, float CrossEntropy, float Dice, float PseudoLabel, float Consistency, float MaskRate)
{
    public PseudoLabelBatch? PseudoLabels { get; init; }
}

/// <summary>
/// L = CE + 5·Dice + 0.25·L_u + 0.01·KL (docs/architecture.md, "The objective"), each term taken from its slice
/// of the one forward pass and switched on by the variant. The logged values of all terms, and the pseudo-label
/// term's weak-view logits and mask (for diagnostics), reach the host in one download per step. Validation uses
/// the same code on a batch of one labeled stream.
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
        Tensor? weakLogits = null;
        Tensor? confident = null;

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
            using (GradMode.NoGrad())
            {
                logged[nameof(LossTerms.MaskRate)] = F.Mean(mask);
                weakLogits = F.Reshape(weak, layout.ClsUnlabeled * weak.Shape[1]);
            }
            confident = mask;
        }
        if (total is null) throw new InvalidOperationException($"The {variant.Name()} objective has no term for this batch layout {layout}.");
        float[] values;
        List<Tensor> downloaded = [total, .. logged.Values];
        if (confident is not null) downloaded.AddRange([confident, weakLogits!]);
        using (GradMode.NoGrad()) values = F.Concat(0, [.. downloaded]).ToArray();
        var names = logged.Keys.ToList();
        float Value(string name) => names.IndexOf(name) is var i and >= 0 ? values[i + 1] : float.NaN;
        return (total, new LossTerms(values[0], Value(nameof(LossTerms.CrossEntropy)), Value(nameof(LossTerms.Dice)),
            Value(nameof(LossTerms.PseudoLabel)), Value(nameof(LossTerms.Consistency)), Value(nameof(LossTerms.MaskRate)))
        {
            PseudoLabels = confident is null ? null : PseudoLabelsOf(values.AsSpan(1 + names.Count), layout.ClsUnlabeled, classes!.Shape[1]),
        });
    }

    /// <summary>The mask (n values) and the weak view's logits (n × classes) as downloaded: label = top logit (the first on a tie, as the kernel's argmax), confident = mask set.</summary>
    private static PseudoLabelBatch PseudoLabelsOf(ReadOnlySpan<float> maskThenLogits, int n, int classes)
    {
        var labels = new int[n];
        var confident = new bool[n];
        for (var i = 0; i < n; i++)
        {
            confident[i] = maskThenLogits[i] != 0f;
            var row = maskThenLogits.Slice(n + (i * classes), classes);
            for (var k = 1; k < classes; k++)
            {
                if (row[k] > row[labels[i]]) labels[i] = k;
            }
        }
        return new PseudoLabelBatch(labels, confident);
    }
}
