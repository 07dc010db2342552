using MultiMix.Model.Networks;

namespace MultiMix.Train.Evaluation;

/// <summary>One batch's network outputs on the host.</summary>
public sealed record InferenceOutput(int Count, int Size, float[]? SegmentationLogits, float[]? ClassLogits, float[]? Saliency);

/// <summary>Runs the network in evaluation mode (dropout off, nothing recorded) on host images in [-1, 1].</summary>
public static class Inference
{
    public static InferenceOutput Run(MultiMixNet model, float[] images, int count, int size, bool withSaliency = false)
    {
        using var pass = new EvaluationPass(model);
        var x = pass.Input(images, count, size);
        var (seg, cls) = model.Forward(x);
        var saliency = withSaliency && model.Config.Variant.Classifies() ? model.Saliency(x).ToArray() : null;
        return new InferenceOutput(count, size, seg?.ToArray(), cls?.ToArray(), saliency);
    }

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>Softmax of one sample's two class logits.</summary>
    public static (float Normal, float Pneumonia) Probabilities(float[] logits, int sample)
    {
        var a = logits[2 * sample];
        var b = logits[(2 * sample) + 1];
        var m = Math.Max(a, b);
        var ea = MathF.Exp(a - m);
        var eb = MathF.Exp(b - m);
        return (ea / (ea + eb), eb / (ea + eb));
    }
}
