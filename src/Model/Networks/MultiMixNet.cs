using MultiMix.Model.Layers;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Networks;

/// <summary>
/// MultiMix and its baselines (docs/architecture.md, "The model"): the shared encoder, its classifier, and — for
/// the segmenting variants — the decoder, fed through the saliency bridge when the variant has one. Training
/// passes the dropout stream to <see cref="Forward"/>; inference calls <see cref="Module.Eval"/> and passes none.
/// Its parameters and their gradients live in one flat buffer each (<see cref="Module.Flat"/>).
/// </summary>
public sealed class MultiMixNet : Module
{
    /// <summary>The bridge resizes the input and its saliency to the scale of the deepest decoder level.</summary>
    public const double BridgeScale = 0.125;

    private readonly Decoder? _decoder;

    public MultiMixNet(IBackend backend, ModelConfig config, ulong initSeed)
    {
        if (config.Problem() is { } problem) throw new ArgumentException(problem);
        Config = config;
        Backend = backend;
        var init = new RandomStream(initSeed);
        Encoder = AddChild("encoder", new Encoder(backend, init, config.Width, config.Variant.Classifies()));
        if (config.Variant.Segments()) _decoder = AddChild("decoder", new Decoder(backend, init, config.Width, config.Variant.UsesBridge()));
        FlattenParameters(backend);
    }

    public ModelConfig Config { get; }

    public IBackend Backend { get; }

    public Encoder Encoder { get; }

    /// <summary>
    /// Segmentation logits (N×1×H×W, null for classifier-only variants) and class logits (N×2, null for U-Net).
    /// <paramref name="dropout"/> draws the dropout masks in training mode; in evaluation mode none is needed.
    /// </summary>
    public (Tensor? Segmentation, Tensor? Classes) Forward(Tensor x, RandomStream? dropout = null)
    {
        Tensor? bridge = null;
        if (Config.Variant.UsesBridge())
        {
            var saliency = Saliency(x);
            var joined = F.Concat(1, x, saliency);
            saliency.Release();
            bridge = F.ResizeBilinear(joined, BridgeScale);
            joined.Release();
        }
        var (skips, logits) = Encoder.Forward(x, dropout);
        if (_decoder is null)
        {
            foreach (var skip in skips) skip.Release();
            return (null, logits);
        }
        return (_decoder.Forward(skips, bridge, dropout), logits);
    }

    /// <summary>
    /// |∂(Σ_n max_c score[n, c]) / ∂x| with the encoder in evaluation mode (dropout off). Only the input
    /// gradient is computed (no weight-gradient kernel runs) and the result is a constant: no gradient flows
    /// back through it. The encoder's intermediates are freed before this returns.
    /// </summary>
    public Tensor Saliency(Tensor x)
    {
        if (!Config.Variant.Classifies()) throw new InvalidOperationException($"{Config.Variant.Name()} has no classifier to explain.");
        var wasTraining = Encoder.Training;
        Encoder.Eval();
        try
        {
            using var region = ProfileRegion.Enter(ProfilingBackend.SaliencyRegion);
            using var scope = new TensorScope();
            using var enable = GradMode.Enable();
            var input = x.Detach();
            input.RequiresGrad = true;
            var (skips, logits) = Encoder.Forward(input, null);
            foreach (var skip in skips) skip.Release();
            var score = F.Sum(F.Max(logits!, 1).Values);
            var gradient = Backprop.Grad(score, input)[0];
            return scope.Keep(F.Abs(gradient));
        }
        finally
        {
            Encoder.Train(wasTraining);
        }
    }
}
