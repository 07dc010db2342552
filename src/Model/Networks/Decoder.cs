using MultiMix.Model.Layers;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Networks;

/// <summary>
/// The U-Net decoder: bilinear ×2 upsampling (align_corners), concatenation with the skip feature, a double
/// conv; at the deepest level the saliency bridge (input and saliency at 1/8 scale) joins the concatenation.
/// A 1×1 convolution gives the segmentation logits.
/// </summary>
public sealed class Decoder : Module
{
    /// <summary>Channels the bridge adds: the input image and its saliency map.</summary>
    public const int BridgeChannels = 2;

    private readonly DoubleConv[] _blocks;
    private readonly Conv2dLayer _last;

    public Decoder(IBackend backend, RandomStream init, int width, bool bridge)
    {
        var c = Encoder.Widths(width);
        _blocks =
        [
            AddChild("dconv_up4", new DoubleConv(backend, init, c[4] + c[3] + (bridge ? BridgeChannels : 0), c[3])),
            AddChild("dconv_up3", new DoubleConv(backend, init, c[3] + c[2], c[2])),
            AddChild("dconv_up2", new DoubleConv(backend, init, c[2] + c[1], c[1])),
            AddChild("dconv_up1", new DoubleConv(backend, init, c[1] + c[0], c[0])),
        ];
        _last = AddChild("conv_last", new Conv2dLayer(backend, init, c[0], 1, 1));
    }

    /// <summary>Segmentation logits. Takes over the skips and the bridge: each is released once the decoder has read it.</summary>
    public Tensor Forward(Tensor[] skips, Tensor? bridge, RandomStream? dropout)
    {
        var x = skips[4];
        for (var level = 3; level >= 0; level--)
        {
            var up = Up(x);
            x.Release();
            var joined = level == 3 && bridge is not null ? F.Concat(1, up, skips[level], bridge) : F.Concat(1, up, skips[level]);
            up.Release();
            skips[level].Release();
            x = _blocks[3 - level].Forward(joined, dropout);
            joined.Release();
        }
        bridge?.Release();
        var logits = _last.Forward(x);
        x.Release();
        return logits;
    }

    private static Tensor Up(Tensor x) => F.ResizeBilinear(x, x.Shape[2] * 2, x.Shape[3] * 2);
}
