namespace MultiMix.Tensors;

public static partial class F
{
    public static Tensor Softmax(Tensor x, int axis) => SoftmaxOf(x, axis, log: false);

    public static Tensor LogSoftmax(Tensor x, int axis) => SoftmaxOf(x, axis, log: true);

    /// <summary>Cross-entropy of N×C logits against int labels in [0, C), one value per sample.</summary>
    public static Tensor CrossEntropyPerSample(Tensor logits, Tensor labels)
    {
        var (n, c) = CheckLogitsAndLabels("CrossEntropy", logits, labels);
        var loss = New(logits, n);
        logits.Backend.CrossEntropy(logits.Storage, labels.Storage, loss.Storage, n, c);
        return Record(loss, "cross_entropy", [logits], [logits, labels], (dl, _) =>
        {
            var dx = Like(logits);
            logits.Backend.CrossEntropyBackward(logits.Storage, labels.Storage, dl.Storage, dx.Storage, n, c);
            return [dx];
        });
    }

    /// <summary>Mean cross-entropy over the batch.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels) => Mean(CrossEntropyPerSample(logits, labels));

    /// <summary>
    /// FixMatch's unsupervised term: pseudo-labels and a confidence mask from the weak view (constants), the
    /// masked cross-entropy of the strong view against them, averaged over the whole batch. Also returns the
    /// mask (1 where max softmax ≥ threshold) for logging.
    /// </summary>
    public static (Tensor Loss, Tensor Mask) PseudoLabelCrossEntropy(Tensor weakLogits, Tensor strongLogits, float threshold)
    {
        SameShape("PseudoLabelCrossEntropy", weakLogits, strongLogits);
        RankIs("PseudoLabelCrossEntropy", strongLogits, 2);
        var n = strongLogits.Shape[0];
        var c = strongLogits.Shape[1];
        var b = strongLogits.Backend;
        var pseudo = Tensor.Empty(b, new Shape(n), DType.Int32);
        var mask = New(strongLogits, n);
        var perSample = New(strongLogits, n);
        b.PseudoLabelCrossEntropy(weakLogits.Storage, strongLogits.Storage, pseudo.Storage, mask.Storage, perSample.Storage, n, c, threshold);
        Record(perSample, "pseudo_label_cross_entropy", [strongLogits], [strongLogits, pseudo, mask], (dl, _) =>
        {
            var dx = Like(strongLogits);
            b.PseudoLabelCrossEntropyBackward(strongLogits.Storage, pseudo.Storage, mask.Storage, dl.Storage, dx.Storage, n, c);
            return [dx];
        }, pseudo);
        return (MeanAndRelease(perSample), mask);
    }

    /// <summary>Soft Dice loss of segmentation logits against a 0/1 target (N×1×H×W), averaged over images.</summary>
    public static Tensor DiceLoss(Tensor logits, Tensor target)
    {
        SameShape("DiceLoss", logits, target);
        var n = logits.Shape[0];
        var hw = logits.Count / n;
        var perImage = New(logits, n);
        logits.Backend.DiceLoss(logits.Storage, target.Storage, perImage.Storage, n, hw);
        Record(perImage, "dice_loss", [logits], [logits, target], (dl, _) =>
        {
            var dx = Like(logits);
            logits.Backend.DiceLossBackward(logits.Storage, target.Storage, dl.Storage, dx.Storage, n, hw);
            return [dx];
        });
        return MeanAndRelease(perImage);
    }

    /// <summary>Mean per-pixel Bernoulli KL(σ(a) ‖ σ(b)) computed from logits; gradients reach both sides.</summary>
    public static Tensor BernoulliKl(Tensor a, Tensor b)
    {
        SameShape("BernoulliKl", a, b);
        var y = Like(a);
        a.Backend.BernoulliKl(a.Storage, b.Storage, y.Storage, a.Count);
        Record(y, "bernoulli_kl", [a, b], [a, b], (dy, need) =>
        {
            var da = need[0] ? Like(a) : null;
            var db = need[1] ? Like(b) : null;
            a.Backend.BernoulliKlBackward(a.Storage, b.Storage, dy.Storage, da?.Storage, db?.Storage, a.Count);
            return [da, db];
        });
        return MeanAndRelease(y);
    }

    /// <summary>The mean of a per-element term that nothing else reads (its backward needs none of its values).</summary>
    private static Tensor MeanAndRelease(Tensor terms)
    {
        var mean = Mean(terms);
        terms.Release();
        return mean;
    }

    private static Tensor SoftmaxOf(Tensor x, int axis, bool log)
    {
        Float("Softmax", x);
        var (outer, a, inner) = x.Shape.Around(axis);
        var y = Like(x);
        x.Backend.Softmax(x.Storage, y.Storage, outer, a, inner, log);
        return Record(y, log ? "log_softmax" : "softmax", [x], [y], (dy, _) =>
        {
            var dx = Like(x);
            x.Backend.SoftmaxBackward(y.Storage, dy.Storage, dx.Storage, outer, a, inner, log);
            return [dx];
        });
    }

    private static (int N, int C) CheckLogitsAndLabels(string op, Tensor logits, Tensor labels)
    {
        RankIs(op, logits, 2);
        SameBackend(op, logits, labels);
        if (labels.DType != DType.Int32 || labels.Count != logits.Shape[0])
        {
            throw new ArgumentException($"{op}: labels must be {logits.Shape[0]} int32 values, got {labels.Describe()}.");
        }
        return (logits.Shape[0], logits.Shape[1]);
    }
}
