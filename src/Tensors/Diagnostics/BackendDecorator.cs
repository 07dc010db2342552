using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>
/// A backend that runs every primitive on the backend it wraps and calls <see cref="Begin"/> and <see cref="End"/>
/// around it with a <see cref="BackendCall"/> describing the call: the base of the counting and profiling
/// backends. Storages are the wrapped backend's own, so tensors made through the decorator are its tensors.
/// The wrapped backend belongs to whoever made it: disposing the decorator leaves it open.
/// </summary>
public abstract class BackendDecorator(IBackend inner) : IBackend
{
    private const double Float = sizeof(float);

    /// <summary>The backend that does the work.</summary>
    public IBackend Inner { get; } = inner;

    public string Name => Inner.Name;

    /// <summary>Called before a primitive runs; the value returned is handed to <see cref="End"/>.</summary>
    protected abstract long Begin(BackendCall call);

    /// <summary>Called after the primitive has run.</summary>
    protected abstract void End(BackendCall call, long token);

    /// <summary>Called for every storage the wrapped backend hands out.</summary>
    protected virtual void Allocated(Storage storage)
    {
    }

    /// <summary>The memory figures of the backend at the bottom of a stack of decorators, if it keeps them.</summary>
    public static IMemoryPool? MemoryOf(IBackend backend) => backend switch
    {
        BackendDecorator d => MemoryOf(d.Inner),
        IMemoryPool m => m,
        _ => null,
    };

    public Storage Allocate(long length, DType dtype)
    {
        var storage = Inner.Allocate(length, dtype);
        Allocated(storage);
        return storage;
    }

    public void Dispose() => GC.SuppressFinalize(this);

    private static BackendCall Call(BackendOp op, double bytes, Storage?[] reads, Storage?[] writes, string? variant = null, double flops = 0) =>
        new(op, variant, flops, bytes, [.. reads.OfType<Storage>()], [.. writes.OfType<Storage>()]);

    private void Around(BackendCall call, Action run)
    {
        var token = Begin(call);
        run();
        End(call, token);
    }

    public void Upload(ReadOnlySpan<float> source, Storage destination)
    {
        var call = Call(BackendOp.Upload, Float * source.Length, [], [destination]);
        var token = Begin(call);
        Inner.Upload(source, destination);
        End(call, token);
    }

    public void Upload(ReadOnlySpan<int> source, Storage destination)
    {
        var call = Call(BackendOp.Upload, Float * source.Length, [], [destination]);
        var token = Begin(call);
        Inner.Upload(source, destination);
        End(call, token);
    }

    public void Download(Storage source, Span<float> destination)
    {
        var call = Call(BackendOp.Download, Float * source.Length, [source], []);
        var token = Begin(call);
        Inner.Download(source, destination);
        End(call, token);
    }

    public void Download(Storage source, Span<int> destination)
    {
        var call = Call(BackendOp.Download, Float * source.Length, [source], []);
        var token = Begin(call);
        Inner.Download(source, destination);
        End(call, token);
    }

    public void Fill(Storage destination, float value) =>
        Around(Call(BackendOp.Fill, Float * destination.Length, [], [destination]), () => Inner.Fill(destination, value));

    public void CopyBlocks(Storage source, long srcOffset, long srcStride, Storage destination, long dstOffset, long dstStride, long blockLength, long blocks) =>
        Around(Call(BackendOp.CopyBlocks, 2 * Float * blockLength * blocks, [source], [destination]),
            () => Inner.CopyBlocks(source, srcOffset, srcStride, destination, dstOffset, dstStride, blockLength, blocks));

    public void Unary(UnaryOp op, Storage x, Storage y, long n, float alpha) =>
        Around(Call(BackendOp.Unary, 2 * Float * n, [x], [y], op.ToString()), () => Inner.Unary(op, x, y, n, alpha));

    public void UnaryBackward(UnaryOp op, Storage x, Storage y, Storage dy, Storage dx, long n, float alpha) =>
        Around(Call(BackendOp.UnaryBackward, 3 * Float * n, [x, y, dy], [dx], op.ToString()), () => Inner.UnaryBackward(op, x, y, dy, dx, n, alpha));

    public void Binary(BinaryOp op, Storage a, Storage b, Storage y, long n) =>
        Around(Call(BackendOp.Binary, 3 * Float * n, [a, b], [y], op.ToString()), () => Inner.Binary(op, a, b, y, n));

    public void Axpy(float alpha, Storage x, Storage y, long n) =>
        Around(Call(BackendOp.Axpy, 3 * Float * n, [x, y], [y]), () => Inner.Axpy(alpha, x, y, n));

    public void AddChannelBias(Storage y, Storage bias, long outer, int channels, long inner) =>
        Around(Call(BackendOp.AddChannelBias, 2 * Float * outer * channels * inner, [y, bias], [y]), () => Inner.AddChannelBias(y, bias, outer, channels, inner));

    public void Sum(Storage x, Storage y, long outer, int axis, long inner, float alpha) =>
        Around(Call(BackendOp.Sum, Float * outer * (axis + 1) * inner, [x], [y]), () => Inner.Sum(x, y, outer, axis, inner, alpha));

    public void Broadcast(Storage dy, Storage dx, long outer, int axis, long inner, float alpha) =>
        Around(Call(BackendOp.Broadcast, Float * outer * (axis + 1) * inner, [dy], [dx]), () => Inner.Broadcast(dy, dx, outer, axis, inner, alpha));

    public void Max(Storage x, Storage values, Storage indices, long outer, int axis, long inner) =>
        Around(Call(BackendOp.Max, Float * outer * (axis + 2) * inner, [x], [values, indices]), () => Inner.Max(x, values, indices, outer, axis, inner));

    public void MaxBackward(Storage dy, Storage indices, Storage dx, long outer, int axis, long inner) =>
        Around(Call(BackendOp.MaxBackward, Float * outer * (axis + 2) * inner, [dy, indices], [dx]), () => Inner.MaxBackward(dy, indices, dx, outer, axis, inner));

    public void Softmax(Storage x, Storage y, long outer, int axis, long inner, bool log) =>
        Around(Call(BackendOp.Softmax, 2 * Float * outer * axis * inner, [x], [y]), () => Inner.Softmax(x, y, outer, axis, inner, log));

    public void SoftmaxBackward(Storage y, Storage dy, Storage dx, long outer, int axis, long inner, bool log) =>
        Around(Call(BackendOp.SoftmaxBackward, 3 * Float * outer * axis * inner, [y, dy], [dx]), () => Inner.SoftmaxBackward(y, dy, dx, outer, axis, inner, log));

    public void CrossEntropy(Storage logits, Storage labels, Storage loss, int n, int classes) =>
        Around(Call(BackendOp.CrossEntropy, Float * n * (classes + 2), [logits, labels], [loss]), () => Inner.CrossEntropy(logits, labels, loss, n, classes));

    public void CrossEntropyBackward(Storage logits, Storage labels, Storage dloss, Storage dlogits, int n, int classes) =>
        Around(Call(BackendOp.CrossEntropyBackward, Float * n * ((2 * classes) + 2), [logits, labels, dloss], [dlogits]),
            () => Inner.CrossEntropyBackward(logits, labels, dloss, dlogits, n, classes));

    public void PseudoLabelCrossEntropy(Storage weak, Storage strong, Storage pseudo, Storage mask, Storage loss, int n, int classes, float threshold) =>
        Around(Call(BackendOp.PseudoLabelCrossEntropy, Float * n * ((2 * classes) + 3), [weak, strong], [pseudo, mask, loss]),
            () => Inner.PseudoLabelCrossEntropy(weak, strong, pseudo, mask, loss, n, classes, threshold));

    public void PseudoLabelCrossEntropyBackward(Storage strong, Storage pseudo, Storage mask, Storage dloss, Storage dstrong, int n, int classes) =>
        Around(Call(BackendOp.PseudoLabelCrossEntropyBackward, Float * n * ((2 * classes) + 3), [strong, pseudo, mask, dloss], [dstrong]),
            () => Inner.PseudoLabelCrossEntropyBackward(strong, pseudo, mask, dloss, dstrong, n, classes));

    public void DiceLoss(Storage logits, Storage target, Storage loss, int n, long hw) =>
        Around(Call(BackendOp.DiceLoss, 2 * Float * n * hw, [logits, target], [loss]), () => Inner.DiceLoss(logits, target, loss, n, hw));

    public void DiceLossBackward(Storage logits, Storage target, Storage dloss, Storage dlogits, int n, long hw) =>
        Around(Call(BackendOp.DiceLossBackward, 3 * Float * n * hw, [logits, target, dloss], [dlogits]), () => Inner.DiceLossBackward(logits, target, dloss, dlogits, n, hw));

    public void BernoulliKl(Storage a, Storage b, Storage y, long n) =>
        Around(Call(BackendOp.BernoulliKl, 3 * Float * n, [a, b], [y]), () => Inner.BernoulliKl(a, b, y, n));

    public void BernoulliKlBackward(Storage a, Storage b, Storage dy, Storage? da, Storage? db, long n) =>
        Around(Call(BackendOp.BernoulliKlBackward, 5 * Float * n, [a, b, dy], [da, db]), () => Inner.BernoulliKlBackward(a, b, dy, da, db, n));

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c) =>
        Around(Call(BackendOp.Gemm, Float * (((long)m * k) + ((long)k * n) + ((long)m * n)), [a, b], [c], flops: 2.0 * m * n * k),
            () => Inner.Gemm(transA, transB, m, n, k, alpha, a, b, beta, c));

    public void Conv2d(Storage x, Storage w, Storage? bias, Storage y, ConvGeometry g) =>
        Around(Call(BackendOp.Conv2d, Float * (g.InputLength + g.WeightLength + g.OutputLength), [x, w, bias], [y], flops: g.Flops) with { Conv = g },
            () => Inner.Conv2d(x, w, bias, y, g));

    public void Conv2dBackwardData(Storage dy, Storage w, Storage dx, ConvGeometry g) =>
        Around(Call(BackendOp.Conv2dBackwardData, Float * (g.InputLength + g.WeightLength + g.OutputLength), [dy, w], [dx], flops: g.Flops) with { Conv = g },
            () => Inner.Conv2dBackwardData(dy, w, dx, g));

    public void Conv2dBackwardWeight(Storage dy, Storage x, Storage dw, Storage? dbias, ConvGeometry g) =>
        Around(Call(BackendOp.Conv2dBackwardWeight, Float * (g.InputLength + g.WeightLength + g.OutputLength), [dy, x], [dw, dbias], flops: g.Flops) with { Conv = g },
            () => Inner.Conv2dBackwardWeight(dy, x, dw, dbias, g));

    public void InstanceNorm(Storage x, Storage y, Storage mean, Storage rstd, long planes, long hw, float eps, float? leakySlope) =>
        Around(Call(BackendOp.InstanceNorm, 2 * Float * planes * hw, [x], [y, mean, rstd]), () => Inner.InstanceNorm(x, y, mean, rstd, planes, hw, eps, leakySlope));

    public void InstanceNormBackward(Storage y, Storage rstd, Storage dy, Storage dx, long planes, long hw, float? leakySlope) =>
        Around(Call(BackendOp.InstanceNormBackward, 3 * Float * planes * hw, [y, rstd, dy], [dx]), () => Inner.InstanceNormBackward(y, rstd, dy, dx, planes, hw, leakySlope));

    public void Dropout(Storage x, Storage y, Storage mask, long n, float p, ulong seed, ulong offset) =>
        Around(Call(BackendOp.Dropout, 3 * Float * n, [x], [y, mask]), () => Inner.Dropout(x, y, mask, n, p, seed, offset));

    public void InstanceNormDropout(Storage x, Storage y, Storage d, Storage keep, Storage mean, Storage rstd, long planes, long hw, float eps, float leakySlope, float p, ulong seed, ulong offset) =>
        Around(Call(BackendOp.InstanceNormDropout, 3 * Float * planes * hw, [x], [y, d, keep, mean, rstd]),
            () => Inner.InstanceNormDropout(x, y, d, keep, mean, rstd, planes, hw, eps, leakySlope, p, seed, offset));

    public void InstanceNormDropoutBackward(Storage y, Storage rstd, Storage keep, Storage dd, Storage dx, long planes, long hw, float leakySlope, float p, ulong seed, ulong offset) =>
        Around(Call(BackendOp.InstanceNormDropoutBackward, 3 * Float * planes * hw, [y, rstd, keep, dd], [dx]),
            () => Inner.InstanceNormDropoutBackward(y, rstd, keep, dd, dx, planes, hw, leakySlope, p, seed, offset));

    public void MaxPool2x2(Storage x, Storage y, Storage argmax, long planes, int h, int w) =>
        Around(Call(BackendOp.MaxPool2x2, 1.5 * Float * planes * h * w, [x], [y, argmax]), () => Inner.MaxPool2x2(x, y, argmax, planes, h, w));

    public void MaxPool2x2Backward(Storage dy, Storage argmax, Storage dx, long planes, int h, int w) =>
        Around(Call(BackendOp.MaxPool2x2Backward, 1.5 * Float * planes * h * w, [dy, argmax], [dx]), () => Inner.MaxPool2x2Backward(dy, argmax, dx, planes, h, w));

    public void ResizeBilinear(Storage x, Storage y, long planes, int hIn, int wIn, int hOut, int wOut) =>
        Around(Call(BackendOp.ResizeBilinear, Float * planes * (((long)hIn * wIn) + ((long)hOut * wOut)), [x], [y]),
            () => Inner.ResizeBilinear(x, y, planes, hIn, wIn, hOut, wOut));

    public void ResizeBilinearBackward(Storage dy, Storage dx, long planes, int hIn, int wIn, int hOut, int wOut) =>
        Around(Call(BackendOp.ResizeBilinearBackward, Float * planes * (((long)hIn * wIn) + ((long)hOut * wOut)), [dy], [dx]),
            () => Inner.ResizeBilinearBackward(dy, dx, planes, hIn, wIn, hOut, wOut));

    public void AdamStep(Storage param, Storage grad, Storage m, Storage v, long n, float lr, float beta1, float beta2, float eps, int step) =>
        Around(Call(BackendOp.AdamStep, 7 * Float * n, [param, grad, m, v], [param, m, v]),
            () => Inner.AdamStep(param, grad, m, v, n, lr, beta1, beta2, eps, step));
}
