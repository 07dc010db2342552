using MultiMix.Model.Networks;
using MultiMix.Train.Data;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Evaluation;

/// <summary>Scores a model on a segmentation or a classification set, batch by batch, at the model's input size.</summary>
public static class Evaluator
{
    public static SegmentationEvaluation Segmentation(MultiMixNet model, ISegmentationSource source, int batch = 8)
    {
        var size = model.Config.ImageSize;
        var plane = size * size;
        var scores = new List<SegmentationScores>();
        double diceLoss = 0;
        for (var start = 0; start < source.Count; start += batch)
        {
            var n = Math.Min(batch, source.Count - start);
            var images = new float[n * plane];
            var masks = new GrayImage[n];
            for (var i = 0; i < n; i++)
            {
                var s = source.Load(start + i, size);
                Normalization.ToSignedUnit(s.Image.Pixels, images.AsSpan(i * plane, plane));
                masks[i] = s.Mask;
            }
            var output = Inference.Run(model, images, n, size);
            for (var i = 0; i < n; i++)
            {
                var probability = new float[plane];
                for (var k = 0; k < plane; k++) probability[k] = Inference.Sigmoid(output.SegmentationLogits![(i * plane) + k]);
                scores.Add(SegmentationMetrics.Compute(probability, masks[i].Pixels, size, size));
                diceLoss += SoftDiceLoss(probability, masks[i].Pixels);
            }
        }
        return new SegmentationEvaluation(scores, source.Count == 0 ? double.NaN : diceLoss / source.Count);
    }

    public static ClassificationEvaluation Classification(MultiMixNet model, IClassificationSource source, int batch = 16)
    {
        var size = model.Config.ImageSize;
        var plane = size * size;
        var predicted = new int[source.Count];
        var actual = new int[source.Count];
        var pneumonia = new float[source.Count];
        double ce = 0;
        for (var start = 0; start < source.Count; start += batch)
        {
            var n = Math.Min(batch, source.Count - start);
            var images = new float[n * plane];
            for (var i = 0; i < n; i++)
            {
                var s = source.Load(start + i, size);
                Normalization.ToSignedUnit(s.Image.Pixels, images.AsSpan(i * plane, plane));
                actual[start + i] = s.Label;
            }
            var output = Inference.Run(model, images, n, size);
            for (var i = 0; i < n; i++)
            {
                var (pn, pp) = Inference.Probabilities(output.ClassLogits!, i);
                pneumonia[start + i] = pp;
                predicted[start + i] = pp > pn ? 1 : 0;
                ce -= Math.Log(Math.Max(actual[start + i] == 1 ? pp : pn, 1e-12f));
            }
        }
        return new ClassificationEvaluation(predicted, actual, pneumonia, source.Count == 0 ? double.NaN : ce / source.Count);
    }

    /// <summary>The training objective's soft Dice loss of one image (design.md §3).</summary>
    public static double SoftDiceLoss(ReadOnlySpan<float> probability, ReadOnlySpan<float> mask)
    {
        double inter = 0, sp = 0, sy = 0;
        for (var k = 0; k < probability.Length; k++)
        {
            inter += probability[k] * mask[k];
            sp += probability[k];
            sy += mask[k];
        }
        return 1 - (((2 * inter) + 1) / (sp + sy + 1));
    }
}
