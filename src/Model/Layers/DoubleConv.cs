using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Layers;

/// <summary>
/// The U-Net block of the paper: Conv3×3 → InstanceNorm → LeakyReLU(0.2) → Conv3×3 → InstanceNorm →
/// LeakyReLU(0.2) → Dropout(0.25). Children are named "0" and "3" as in PyTorch's nn.Sequential (positions 1, 2,
/// 4, 5, 6 hold the parameter-free layers); norm + activation (+ dropout at the end) run as one fused op.
/// </summary>
public sealed class DoubleConv : Module
{
    public const float LeakySlope = 0.2f;
    public const float DropoutRate = 0.25f;
    public const float NormEps = 1e-5f;

    private readonly Conv2dLayer _first;
    private readonly Conv2dLayer _second;

    public DoubleConv(IBackend backend, RandomStream init, int inChannels, int outChannels)
    {
        _first = AddChild("0", new Conv2dLayer(backend, init, inChannels, outChannels, 3));
        _second = AddChild("3", new Conv2dLayer(backend, init, outChannels, outChannels, 3));
    }

    /// <summary>
    /// The block's output; <paramref name="dropout"/> draws the dropout mask in training mode and is not needed in
    /// evaluation mode. Every intermediate is released as soon as nothing but a backward step needs it.
    /// </summary>
    public Tensor Forward(Tensor x, RandomStream? dropout)
    {
        var h = Then(_first.Forward(x), c => F.InstanceNorm(c, NormEps, LeakySlope));
        h = Then(h, _second.Forward);
        if (!Training) return Then(h, c => F.InstanceNorm(c, NormEps, LeakySlope));
        var stream = dropout ?? throw new InvalidOperationException("A training-mode forward pass needs a dropout stream; call Eval() for inference.");
        return Then(h, c => F.InstanceNormDropout(c, NormEps, LeakySlope, DropoutRate, true, stream));
    }

    /// <summary>Applies <paramref name="next"/> to <paramref name="x"/> and releases x (unless next handed it back).</summary>
    private static Tensor Then(Tensor x, Func<Tensor, Tensor> next)
    {
        var y = next(x);
        if (!ReferenceEquals(x, y)) x.Release();
        return y;
    }
}
