using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;

namespace MultiMix.Tensors;

public static partial class F
{
    /// <summary>y = x·Wᵀ + b for x N×in, W out×in, b out.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        RankIs("Linear", x, 2);
        RankIs("Linear", weight, 2);
        var n = x.Shape[0];
        var inF = x.Shape[1];
        var outF = weight.Shape[0];
        if (weight.Shape[1] != inF) throw new ArgumentException($"Linear: input {x.Shape} does not fit weight {weight.Describe()}.");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outF)) throw new ArgumentException($"Linear: bias {bias.Describe()} does not fit {outF} outputs.");
        var b = x.Backend;
        var y = New(x, n, outF);
        b.Gemm(false, true, n, outF, inF, 1f, x.Storage, weight.Storage, 0f, y.Storage);
        if (bias is not null) b.AddChannelBias(y.Storage, bias.Storage, n, outF, 1);
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Record(y, "linear", inputs, [x, weight], (dy, need) =>
        {
            Tensor? dx = null, dw = null, db = null;
            if (need[0])
            {
                dx = Like(x);
                b.Gemm(false, false, n, inF, outF, 1f, dy.Storage, weight.Storage, 0f, dx.Storage);
            }
            if (need[1])
            {
                dw = Like(weight);
                b.Gemm(true, false, outF, inF, n, 1f, dy.Storage, x.Storage, 0f, dw.Storage);
            }
            if (bias is not null && need[2])
            {
                db = Like(bias);
                b.Sum(dy.Storage, db.Storage, 1, n, outF, 1f);
            }
            return bias is null ? [dx, dw] : [dx, dw, db];
        });
    }

    /// <summary>Stride-1 convolution with "same" padding; the kernel size (1 or 3) comes from the weight.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias)
    {
        RankIs("Conv2d", x, 4);
        RankIs("Conv2d", weight, 4);
        var k = weight.Shape[2];
        if (k is not (1 or 3) || weight.Shape[3] != k) throw new ArgumentException($"Conv2d: only 1×1 and 3×3 kernels are supported, got {weight.Describe()}.");
        if (weight.Shape[1] != x.Shape[1]) throw new ArgumentException($"Conv2d: input {x.Describe()} has {x.Shape[1]} channels, weight {weight.Describe()} expects {weight.Shape[1]}.");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0])) throw new ArgumentException($"Conv2d: bias {bias.Describe()} does not fit {weight.Shape[0]} outputs.");
        var g = new ConvGeometry(x.Shape[0], x.Shape[1], weight.Shape[0], x.Shape[2], x.Shape[3], k);
        var b = x.Backend;
        var y = New(x, g.Batch, g.OutChannels, g.Height, g.Width);
        b.Conv2d(x.Storage, weight.Storage, bias?.Storage, y.Storage, g);
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Record(y, "conv2d", inputs, [x, weight], (dy, need) =>
        {
            Tensor? dx = null, dw = null, db = null;
            if (need[0])
            {
                dx = Like(x);
                b.Conv2dBackwardData(dy.Storage, weight.Storage, dx.Storage, g);
            }
            var wantBias = bias is not null && need[2];
            if (need[1] || wantBias)
            {
                dw = Like(weight);
                db = wantBias ? Like(bias!) : null;
                b.Conv2dBackwardWeight(dy.Storage, x.Storage, dw.Storage, db?.Storage, g);
                if (!need[1])
                {
                    dw.Dispose();
                    dw = null;
                }
            }
            return bias is null ? [dx, dw] : [dx, dw, db];
        });
    }

    /// <summary>
    /// InstanceNorm2d without affine parameters (biased variance over H×W per sample and channel), optionally
    /// followed by a fused LeakyReLU with the given (positive) slope.
    /// </summary>
    public static Tensor InstanceNorm(Tensor x, float eps = 1e-5f, float? leakySlope = null)
    {
        RankIs("InstanceNorm", x, 4);
        if (leakySlope is <= 0f) throw new ArgumentOutOfRangeException(nameof(leakySlope), $"InstanceNorm: the fused LeakyReLU needs a positive slope (its backward inverts it), got {leakySlope}.");
        var planes = (long)x.Shape[0] * x.Shape[1];
        var hw = (long)x.Shape[2] * x.Shape[3];
        var b = x.Backend;
        var y = Like(x);
        var mean = New(x, (int)planes);
        var rstd = New(x, (int)planes);
        b.InstanceNorm(x.Storage, y.Storage, mean.Storage, rstd.Storage, planes, hw, eps, leakySlope);
        return Record(y, leakySlope is null ? "instance_norm" : "instance_norm_leaky_relu", [x], [y, rstd], (dy, _) =>
        {
            var dx = Like(x);
            b.InstanceNormBackward(y.Storage, rstd.Storage, dy.Storage, dx.Storage, planes, hw, leakySlope);
            return [dx];
        }, mean, rstd);
    }

    /// <summary>
    /// <see cref="InstanceNorm"/> with LeakyReLU (positive slope), then inverted <see cref="Dropout"/> in training, as one op
    /// that keeps only what its backward needs: the activated values, the statistics and the mask as one bit per
    /// element. The same stream positions are drawn as by the two ops one after the other; with a placement in a global
    /// batch (<see cref="RandomStream.Placement"/>) it runs as the two ops, each image drawing its place's numbers.
    /// </summary>
    public static Tensor InstanceNormDropout(Tensor x, float eps, float leakySlope, float p, bool training, RandomStream random)
    {
        if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout probability must be in [0, 1), got {p}.");
        if (!training || p == 0f) return InstanceNorm(x, eps, leakySlope);
        RankIs("InstanceNormDropout", x, 4);
        if (leakySlope <= 0f) throw new ArgumentOutOfRangeException(nameof(leakySlope), $"InstanceNormDropout: the fused LeakyReLU needs a positive slope (its backward inverts it), got {leakySlope}.");
        var seed = random.Seed;
        var draws = random.ReserveBatch(x.Count, x.Shape[0]);
        // A batch that is a part of a global batch (data-parallel) draws in runs: the two ops, each run in place.
        if (draws.Count != 1 || draws[0].Count != x.Count) return DropoutDraws(InstanceNorm(x, eps, leakySlope), p, seed, draws);
        var offset = draws[0].Offset;
        var planes = (long)x.Shape[0] * x.Shape[1];
        var hw = (long)x.Shape[2] * x.Shape[3];
        var b = x.Backend;
        var y = Like(x);
        var d = Like(x);
        var keep = Tensor.Empty(b, new Shape(checked((int)((x.Count + 31) / 32))), DType.Int32);
        var mean = New(x, (int)planes);
        var rstd = New(x, (int)planes);
        b.InstanceNormDropout(x.Storage, y.Storage, d.Storage, keep.Storage, mean.Storage, rstd.Storage, planes, hw, eps, leakySlope, p, seed, offset);
        return Record(d, "instance_norm_leaky_relu_dropout", [x], [y, rstd, keep], (dd, _) =>
        {
            var dx = Like(x);
            b.InstanceNormDropoutBackward(y.Storage, rstd.Storage, keep.Storage, dd.Storage, dx.Storage, planes, hw, leakySlope, p, seed, offset);
            return [dx];
        }, y, keep, mean, rstd);
    }

    /// <summary>
    /// Inverted dropout: in training, zeroes each element with probability p and scales the rest by 1/(1−p). The mask
    /// draws from <paramref name="random"/>; when the stream has a placement, each image of the batch (the leading
    /// dimension) draws what it draws in the global batch (<see cref="RandomStream.ReserveBatch"/>).
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, bool training, RandomStream random)
    {
        if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout probability must be in [0, 1), got {p}.");
        if (!training || p == 0f) return x;
        var y = Like(x);
        var mask = Like(x);
        return DropoutDraws(x, p, random.Seed, random.ReserveBatch(x.Count, x.Rank == 0 ? 1 : x.Shape[0]));
    }

    /// <summary>Inverted dropout of <paramref name="x"/> whose elements draw as <paramref name="draws"/> say (a whole batch, or its images' places in a global batch).</summary>
    private static Tensor DropoutDraws(Tensor x, float p, ulong seed, IReadOnlyList<RandomDraw> draws)
    {
        var y = Like(x);
        var mask = Like(x);
        foreach (var draw in draws)
        {
            if (draw.Count == x.Count)
            {
                x.Backend.Dropout(x.Storage, y.Storage, mask.Storage, x.Count, p, seed, draw.Offset);
                continue;
            }
            using var xs = x.Storage.View(draw.Start, draw.Count);
            using var ys = y.Storage.View(draw.Start, draw.Count);
            using var ms = mask.Storage.View(draw.Start, draw.Count);
            x.Backend.Dropout(xs, ys, ms, draw.Count, p, seed, draw.Offset);
        }
        return Record(y, "dropout", [x], [mask], (dy, _) => [Mul(dy, mask)], mask);
    }

    /// <summary>2×2 max pooling with stride 2 (H and W must be even).</summary>
    public static Tensor MaxPool2x2(Tensor x)
    {
        RankIs("MaxPool2x2", x, 4);
        int h = x.Shape[2], w = x.Shape[3];
        if (h % 2 != 0 || w % 2 != 0) throw new ArgumentException($"MaxPool2x2: height and width must be even, got {x.Describe()}.");
        var planes = (long)x.Shape[0] * x.Shape[1];
        var b = x.Backend;
        var y = New(x, x.Shape[0], x.Shape[1], h / 2, w / 2);
        var argmax = Tensor.Empty(b, y.Shape, DType.Int32);
        b.MaxPool2x2(x.Storage, y.Storage, argmax.Storage, planes, h, w);
        return Record(y, "max_pool2x2", [x], [argmax], (dy, _) =>
        {
            var dx = Like(x);
            b.MaxPool2x2Backward(dy.Storage, argmax.Storage, dx.Storage, planes, h, w);
            return [dx];
        }, argmax);
    }

    /// <summary>Bilinear resize of N×C×H×W to the given size with align_corners = true.</summary>
    public static Tensor ResizeBilinear(Tensor x, int height, int width)
    {
        RankIs("ResizeBilinear", x, 4);
        if (height < 1 || width < 1) throw new ArgumentException($"ResizeBilinear: target size {height}×{width} is empty.");
        int hIn = x.Shape[2], wIn = x.Shape[3];
        var planes = (long)x.Shape[0] * x.Shape[1];
        var b = x.Backend;
        var y = New(x, x.Shape[0], x.Shape[1], height, width);
        b.ResizeBilinear(x.Storage, y.Storage, planes, hIn, wIn, height, width);
        return Record(y, "resize_bilinear", [x], [], (dy, _) =>
        {
            var dx = Like(x);
            b.ResizeBilinearBackward(dy.Storage, dx.Storage, planes, hIn, wIn, height, width);
            return [dx];
        });
    }

    /// <summary>Bilinear resize by a scale factor (output size = floor(size·scale), as PyTorch's interpolate).</summary>
    public static Tensor ResizeBilinear(Tensor x, double scale) =>
        ResizeBilinear(x, (int)Math.Floor(x.Shape[2] * scale), (int)Math.Floor(x.Shape[3] * scale));

    /// <summary>Concatenation along <paramref name="axis"/> (channels for NCHW = 1).</summary>
    public static Tensor Concat(int axis, params Tensor[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("Concat needs at least one tensor.");
        SameBackend("Concat", parts);
        var first = parts[0];
        var total = 0;
        foreach (var p in parts)
        {
            Float("Concat", p);
            if (p.Rank != first.Rank || !p.Shape.With(axis, 0).Equals(first.Shape.With(axis, 0)))
            {
                throw new ArgumentException($"Concat: {p.Describe()} does not match {first.Describe()} outside axis {axis}.");
            }
            total += p.Shape[axis];
        }
        var y = Tensor.Empty(first.Backend, first.Shape.With(axis, total));
        var (outer, _, inner) = y.Shape.Around(axis);
        var offset = 0;
        foreach (var p in parts)
        {
            var block = p.Shape[axis] * inner;
            first.Backend.CopyBlocks(p.Storage, 0, block, y.Storage, offset * inner, total * inner, block, outer);
            offset += p.Shape[axis];
        }
        return Record(y, "concat", parts, [], (dy, need) =>
        {
            var grads = new Tensor?[parts.Length];
            var start = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (need[i]) grads[i] = Narrow(dy, axis, start, parts[i].Shape[axis]);
                start += parts[i].Shape[axis];
            }
            return grads;
        });
    }

    /// <summary>Elements [start, start + length) along <paramref name="axis"/> (a copy; a batch slice uses axis 0).</summary>
    public static Tensor Narrow(Tensor x, int axis, int start, int length)
    {
        var size = x.Shape[axis];
        if (start < 0 || length < 0 || start + length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: [{start}, {start + length}) is outside axis {axis} of {x.Describe()}.");
        }
        var y = Tensor.Empty(x.Backend, x.Shape.With(axis, length), x.DType);
        var (outer, _, inner) = x.Shape.Around(axis);
        x.Backend.CopyBlocks(x.Storage, start * inner, size * inner, y.Storage, 0, length * inner, length * inner, outer);
        return Record(y, "narrow", [x], [], (dy, _) =>
        {
            var dx = Like(x);
            x.Backend.Fill(dx.Storage, 0f);
            x.Backend.CopyBlocks(dy.Storage, 0, length * inner, dx.Storage, start * inner, size * inner, length * inner, outer);
            return [dx];
        });
    }
}
