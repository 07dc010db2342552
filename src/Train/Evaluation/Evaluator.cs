using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Train.Data;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Evaluation;

/// <summary>
/// Scores a model on a segmentation or a classification set, batch by batch, at the model's input size. Given
/// the objective's weights, it also takes the objective's loss on the set with the model's own loss code
/// (<see cref="MultiMixLoss"/> on the backend, a batch being one labeled stream): the validation loss.
/// </summary>
public static class Evaluator
{
    public static SegmentationEvaluation Segmentation(MultiMixNet model, IImageSource<SegmentationSample> source, LossWeights? objective = null, int batch = 8)
    {
        var size = model.Config.ImageSize;
        var plane = size * size;
        var scores = new List<SegmentationScores>();
        var loss = new LossMean();
        for (var start = 0; start < source.Count; start += batch)
        {
            var n = Math.Min(batch, source.Count - start);
            var images = new float[n * plane];
            var masks = new float[n * plane];
            for (var i = 0; i < n; i++)
            {
                var s = source.Load(start + i, size);
                Normalization.ToSignedUnit(s.Image.Pixels, images.AsSpan(i * plane, plane));
                s.Mask.Pixels.CopyTo(masks, i * plane);
            }
            float[] logits;
            using (var pass = new EvaluationPass(model))
            {
                var (seg, cls) = model.Forward(pass.Input(images, n, size));
                logits = seg!.ToArray();
                if (objective is not null)
                {
                    var target = Tensor.FromArray(model.Backend, masks, n, 1, size, size);
                    loss.Add(MultiMixLoss.Compute(model.Config.Variant, objective, new StreamLayout(n, 0, 0, 0), seg, cls, target, null).Terms.Total, n);
                }
            }
            for (var i = 0; i < n; i++)
            {
                var probability = new float[plane];
                for (var k = 0; k < plane; k++) probability[k] = Inference.Sigmoid(logits[(i * plane) + k]);
                scores.Add(SegmentationMetrics.Compute(probability, masks.AsSpan(i * plane, plane), size, size));
            }
        }
        return new SegmentationEvaluation(scores, objective is null ? null : loss.Mean, objective is null ? null : loss.Sum);
    }

    public static ClassificationEvaluation Classification(MultiMixNet model, IImageSource<ClassificationSample> source, LossWeights? objective = null, int batch = 16)
    {
        var size = model.Config.ImageSize;
        var plane = size * size;
        var predicted = new int[source.Count];
        var actual = new int[source.Count];
        var pneumonia = new float[source.Count];
        var loss = new LossMean();
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
            float[] logits;
            using (var pass = new EvaluationPass(model))
            {
                var (seg, cls) = model.Forward(pass.Input(images, n, size));
                logits = cls!.ToArray();
                if (objective is not null)
                {
                    var labels = Tensor.FromArray(model.Backend, actual[start..(start + n)], n);
                    loss.Add(MultiMixLoss.Compute(model.Config.Variant, objective, new StreamLayout(0, 0, n, 0), seg, cls, null, labels).Terms.Total, n);
                }
            }
            for (var i = 0; i < n; i++)
            {
                var (pn, pp) = Inference.Probabilities(logits, i);
                pneumonia[start + i] = pp;
                predicted[start + i] = pp > pn ? 1 : 0;
            }
        }
        return new ClassificationEvaluation(predicted, actual, pneumonia, objective is null ? null : loss.Mean, objective is null ? null : loss.Sum);
    }

    /// <summary>The mean over images of per-batch mean losses.</summary>
    private sealed class LossMean
    {
        private double _sum;
        private int _count;

        public void Add(float batchMean, int images)
        {
            _sum += (double)batchMean * images;
            _count += images;
        }

        public double Sum => _sum;

        public double Mean => _count == 0 ? double.NaN : _sum / _count;
    }
}
