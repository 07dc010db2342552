using MultiMix.Model.Layers;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Networks;

/// <summary>
/// Five double-conv blocks of widths w, 2w, 4w, 8w, 16w, each followed by 2×2 max pooling; the pre-pool
/// outputs are the skip connections. The classifier is global average pooling of the last pooled map and a
/// linear layer to two class logits.
/// </summary>
public sealed class Encoder : Module
{
    public const int Classes = 2;

    private readonly DoubleConv[] _blocks;
    private readonly LinearLayer? _fc;

    public Encoder(IBackend backend, RandomStream init, int width, bool classifies)
    {
        var channels = Widths(width);
        _blocks = new DoubleConv[5];
        for (var i = 0; i < 5; i++)
        {
            _blocks[i] = AddChild($"dconv_down{i + 1}", new DoubleConv(backend, init, i == 0 ? 1 : channels[i - 1], channels[i]));
        }
        if (classifies) _fc = AddChild("fc", new LinearLayer(backend, init, channels[4], Classes));
    }

    /// <summary>Channel counts of the five blocks.</summary>
    public static int[] Widths(int width) => [width, 2 * width, 4 * width, 8 * width, 16 * width];

    /// <summary>
    /// The five skip features (pre-pool) and the class logits (null without a classifier); the dropout stream is
    /// needed in training mode only. The caller owns the skips; the encoder's other intermediates are released as it goes.
    /// </summary>
    public (Tensor[] Skips, Tensor? Logits) Forward(Tensor x, RandomStream? dropout)
    {
        var skips = new Tensor[5];
        var h = x;
        for (var i = 0; i < 5; i++)
        {
            skips[i] = _blocks[i].Forward(h, dropout);
            if (i > 0) h.Release();
            h = F.MaxPool2x2(skips[i]);
        }
        if (_fc is null)
        {
            h.Release();
            return (skips, null);
        }
        var pooled = F.GlobalAvgPool(h);
        h.Release();
        var logits = _fc.Forward(pooled);
        pooled.Release();
        return (skips, logits);
    }
}
