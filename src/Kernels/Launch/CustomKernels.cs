using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Launch;

/// <summary>
/// The custom kernels of kernels-cu/, one method per backend primitive (see <see cref="IBackend"/> for what
/// each computes), on device addresses. Each method picks the kernel and launch configuration and packs the
/// arguments in the kernel's parameter order; the CUDA backend and the emulator tests both go through here.
/// </summary>
internal sealed class CustomKernels(IKernelLauncher launcher)
{
    private static ulong P(DevicePtr p) => p.Address;

    private static ulong I(int v) => (uint)v;

    private static ulong L(long v) => (ulong)v;

    private static ulong F(float v) => BitConverter.SingleToUInt32Bits(v);

    private static ulong B(bool v) => v ? 1UL : 0UL;

    private void Run(in LaunchConfig config, ReadOnlySpan<ulong> args) => launcher.Launch(config, args);

    public void Fill(DevicePtr y, float value, long n) =>
        Run(LaunchConfigs.Elementwise("fill", n), [P(y), F(value), L(n)]);

    /// <summary>Copies 32-bit words: floats and ints alike.</summary>
    public void CopyBlocks(DevicePtr source, long srcOffset, long srcStride, DevicePtr destination, long dstOffset, long dstStride, long blockLength, long blocks) =>
        Run(LaunchConfigs.Elementwise("copy_blocks", blockLength * blocks),
            [P(source.Offset(srcOffset)), L(srcStride), P(destination.Offset(dstOffset)), L(dstStride), L(blockLength), L(blocks)]);

    public void Unary(UnaryOp op, DevicePtr x, DevicePtr y, long n, float alpha) =>
        Run(LaunchConfigs.Elementwise("unary_forward", n), [I((int)op), P(x), P(y), L(n), F(alpha)]);

    public void UnaryBackward(UnaryOp op, DevicePtr x, DevicePtr y, DevicePtr dy, DevicePtr dx, long n, float alpha) =>
        Run(LaunchConfigs.Elementwise("unary_backward", n), [I((int)op), P(x), P(y), P(dy), P(dx), L(n), F(alpha)]);

    public void Binary(BinaryOp op, DevicePtr a, DevicePtr b, DevicePtr y, long n) =>
        Run(LaunchConfigs.Elementwise("binary_forward", n), [I((int)op), P(a), P(b), P(y), L(n)]);

    public void Axpy(float alpha, DevicePtr x, DevicePtr y, long n) =>
        Run(LaunchConfigs.Elementwise("axpy", n), [F(alpha), P(x), P(y), L(n)]);

    public void AddChannelBias(DevicePtr y, DevicePtr bias, long outer, int channels, long inner) =>
        Run(LaunchConfigs.Elementwise("add_channel_bias", outer * channels * inner), [P(y), P(bias), L(outer), I(channels), L(inner)]);

    public void Sum(DevicePtr x, DevicePtr y, long outer, int axis, long inner, float alpha)
    {
        if (LaunchConfigs.AlongAxis(axis, inner) == AxisLayout.Rows)
        {
            Run(LaunchConfigs.PerRow("sum_rows", outer, axis), [P(x), P(y), L(outer), L(axis), F(alpha)]);
        }
        else
        {
            Run(LaunchConfigs.Elementwise("sum_columns", outer * inner), [P(x), P(y), L(outer), I(axis), L(inner), F(alpha)]);
        }
    }

    public void Broadcast(DevicePtr dy, DevicePtr dx, long outer, int axis, long inner, float alpha) =>
        Run(LaunchConfigs.Elementwise("broadcast_axis", outer * axis * inner), [P(dy), P(dx), L(outer), I(axis), L(inner), F(alpha)]);

    public void Max(DevicePtr x, DevicePtr values, DevicePtr indices, long outer, int axis, long inner)
    {
        if (LaunchConfigs.AlongAxis(axis, inner) == AxisLayout.Rows)
        {
            Run(LaunchConfigs.PerRow("max_rows", outer, axis), [P(x), P(values), P(indices), L(outer), I(axis)]);
        }
        else
        {
            Run(LaunchConfigs.Elementwise("max_columns", outer * inner), [P(x), P(values), P(indices), L(outer), I(axis), L(inner)]);
        }
    }

    public void MaxBackward(DevicePtr dy, DevicePtr indices, DevicePtr dx, long outer, int axis, long inner) =>
        Run(LaunchConfigs.Elementwise("max_backward", outer * axis * inner), [P(dy), P(indices), P(dx), L(outer), I(axis), L(inner)]);

    public void Softmax(DevicePtr x, DevicePtr y, long outer, int axis, long inner, bool log)
    {
        if (LaunchConfigs.AlongAxis(axis, inner) == AxisLayout.Rows)
        {
            Run(LaunchConfigs.PerRow("softmax_rows", outer, axis), [P(x), P(y), L(outer), I(axis), B(log)]);
        }
        else
        {
            Run(LaunchConfigs.Elementwise("softmax_columns", outer * inner), [P(x), P(y), L(outer), I(axis), L(inner), B(log)]);
        }
    }

    public void SoftmaxBackward(DevicePtr y, DevicePtr dy, DevicePtr dx, long outer, int axis, long inner, bool log)
    {
        if (LaunchConfigs.AlongAxis(axis, inner) == AxisLayout.Rows)
        {
            Run(LaunchConfigs.PerRow("softmax_backward_rows", outer, axis), [P(y), P(dy), P(dx), L(outer), I(axis), B(log)]);
        }
        else
        {
            Run(LaunchConfigs.Elementwise("softmax_backward_columns", outer * inner), [P(y), P(dy), P(dx), L(outer), I(axis), L(inner), B(log)]);
        }
    }

    public void CrossEntropy(DevicePtr logits, DevicePtr labels, DevicePtr loss, int n, int classes) =>
        Run(LaunchConfigs.Elementwise("cross_entropy_forward", n), [P(logits), P(labels), P(loss), I(n), I(classes)]);

    public void CrossEntropyBackward(DevicePtr logits, DevicePtr labels, DevicePtr dloss, DevicePtr dlogits, int n, int classes) =>
        Run(LaunchConfigs.Elementwise("cross_entropy_backward", n), [P(logits), P(labels), P(dloss), P(dlogits), I(n), I(classes)]);

    public void PseudoLabelCrossEntropy(DevicePtr weak, DevicePtr strong, DevicePtr pseudo, DevicePtr mask, DevicePtr loss, int n, int classes, float threshold) =>
        Run(LaunchConfigs.Elementwise("pseudo_label_ce_forward", n), [P(weak), P(strong), P(pseudo), P(mask), P(loss), I(n), I(classes), F(threshold)]);

    public void PseudoLabelCrossEntropyBackward(DevicePtr strong, DevicePtr pseudo, DevicePtr mask, DevicePtr dloss, DevicePtr dstrong, int n, int classes) =>
        Run(LaunchConfigs.Elementwise("pseudo_label_ce_backward", n), [P(strong), P(pseudo), P(mask), P(dloss), P(dstrong), I(n), I(classes)]);

    public void DiceLoss(DevicePtr logits, DevicePtr target, DevicePtr loss, int n, long hw) =>
        Run(LaunchConfigs.PerRow("dice_loss_forward", n, hw), [P(logits), P(target), P(loss), I(n), L(hw)]);

    public void DiceLossBackward(DevicePtr logits, DevicePtr target, DevicePtr dloss, DevicePtr dlogits, int n, long hw) =>
        Run(LaunchConfigs.PerRow("dice_loss_backward", n, hw), [P(logits), P(target), P(dloss), P(dlogits), I(n), L(hw)]);

    public void BernoulliKl(DevicePtr a, DevicePtr b, DevicePtr y, long n) =>
        Run(LaunchConfigs.Elementwise("bernoulli_kl_forward", n), [P(a), P(b), P(y), L(n)]);

    /// <summary><paramref name="da"/> or <paramref name="db"/> may be <see cref="DevicePtr.Null"/>.</summary>
    public void BernoulliKlBackward(DevicePtr a, DevicePtr b, DevicePtr dy, DevicePtr da, DevicePtr db, long n) =>
        Run(LaunchConfigs.Elementwise("bernoulli_kl_backward", n), [P(a), P(b), P(dy), P(da), P(db), L(n)]);

    /// <summary>Statistics (one block per plane), then the normalisation with LeakyReLU fused in (elementwise).</summary>
    public void InstanceNorm(DevicePtr x, DevicePtr y, DevicePtr mean, DevicePtr rstd, long planes, long hw, float eps, float? leakySlope)
    {
        Run(LaunchConfigs.PerRow("instance_norm_stats", planes, hw), [P(x), P(mean), P(rstd), L(planes), L(hw), F(eps)]);
        Run(LaunchConfigs.Elementwise("instance_norm_apply", planes * hw),
            [P(x), P(mean), P(rstd), P(y), L(planes), L(hw), B(leakySlope.HasValue), F(leakySlope ?? 0f)]);
    }

    public void InstanceNormBackward(DevicePtr y, DevicePtr rstd, DevicePtr dy, DevicePtr dx, long planes, long hw, float? leakySlope) =>
        Run(LaunchConfigs.PerRow("instance_norm_backward", planes, hw),
            [P(y), P(rstd), P(dy), P(dx), L(planes), L(hw), B(leakySlope.HasValue), F(leakySlope ?? 0f)]);

    /// <summary>One thread per Philox counter (four elements).</summary>
    public void Dropout(DevicePtr x, DevicePtr y, DevicePtr mask, long n, float p, ulong seed, ulong offset) =>
        Run(LaunchConfigs.Elementwise("dropout_forward", (n + 3) / 4), [P(x), P(y), P(mask), L(n), F(p), seed, offset]);

    public void MaxPool2x2(DevicePtr x, DevicePtr y, DevicePtr argmax, long planes, int h, int w) =>
        Run(LaunchConfigs.Elementwise("max_pool2x2_forward", planes * (h / 2) * (w / 2)), [P(x), P(y), P(argmax), L(planes), I(h), I(w)]);

    public void MaxPool2x2Backward(DevicePtr dy, DevicePtr argmax, DevicePtr dx, long planes, int h, int w) =>
        Run(LaunchConfigs.Elementwise("max_pool2x2_backward", planes * h * w), [P(dy), P(argmax), P(dx), L(planes), I(h), I(w)]);

    public void ResizeBilinear(DevicePtr x, DevicePtr y, long planes, int hIn, int wIn, int hOut, int wOut) =>
        Run(LaunchConfigs.Elementwise("resize_bilinear_forward", planes * hOut * wOut), [P(x), P(y), L(planes), I(hIn), I(wIn), I(hOut), I(wOut)]);

    public void ResizeBilinearBackward(DevicePtr dy, DevicePtr dx, long planes, int hIn, int wIn, int hOut, int wOut) =>
        Run(LaunchConfigs.Elementwise("resize_bilinear_backward", planes * hIn * wIn), [P(dy), P(dx), L(planes), I(hIn), I(wIn), I(hOut), I(wOut)]);

    /// <summary>The bias corrections come from <see cref="AdamBiasCorrection"/>, as the CPU backend's do.</summary>
    public void AdamStep(DevicePtr param, DevicePtr grad, DevicePtr m, DevicePtr v, long n, float lr, float beta1, float beta2, float eps, int step)
    {
        var (stepSize, correction2Sqrt) = AdamBiasCorrection.For(lr, beta1, beta2, step);
        Run(LaunchConfigs.Elementwise("adam_step", n), [P(param), P(grad), P(m), P(v), L(n), F(beta1), F(beta2), F(eps), F(stepSize), F(correction2Sqrt)]);
    }
}
