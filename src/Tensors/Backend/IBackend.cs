namespace MultiMix.Tensors.Backend;

/// <summary>
/// The contract a device implements. Every primitive works on storages and plain sizes; tensors, shapes and
/// autograd live above it (<see cref="Tensor"/>, <see cref="F"/>), so CPU and CUDA are two implementations of
/// this one interface and every test is written once against it.
///
/// Conventions: all float data is contiguous row-major (NCHW for images). Unless a method says it accumulates,
/// outputs are overwritten. Sizes named (outer, axis, inner) describe a tensor viewed as outer×axis×inner with
/// the reduction or softmax running along the middle dimension. Offsets and lengths count elements.
///
/// Only computation is in the contract. Memory figures and trimming are <see cref="IMemoryPool"/>, which a backend
/// with a pool implements; counting and timing are decorators (<see cref="Diagnostics.BackendDecorator"/>) wrapped
/// around any backend.
/// </summary>
public interface IBackend : IDisposable
{
    /// <summary>Short device name, e.g. "cpu" or "cuda:0".</summary>
    string Name { get; }

    // ---- memory ----

    /// <summary>A storage of <paramref name="length"/> elements; contents undefined.</summary>
    Storage Allocate(long length, DType dtype);

    void Upload(ReadOnlySpan<float> source, Storage destination);

    void Upload(ReadOnlySpan<int> source, Storage destination);

    void Download(Storage source, Span<float> destination);

    void Download(Storage source, Span<int> destination);

    /// <summary>Sets every element to <paramref name="value"/> (float storages).</summary>
    void Fill(Storage destination, float value);

    /// <summary>
    /// Copies <paramref name="blocks"/> runs of <paramref name="blockLength"/> elements, run b from
    /// source[srcOffset + b·srcStride] to destination[dstOffset + b·dstStride]. Concat, split and batch slices
    /// are all this one copy. It moves 32-bit elements, so it serves float and int storages alike.
    /// </summary>
    void CopyBlocks(Storage source, long srcOffset, long srcStride, Storage destination, long dstOffset, long dstStride, long blockLength, long blocks);

    // ---- elementwise ----

    void Unary(UnaryOp op, Storage x, Storage y, long n, float alpha);

    /// <summary>dx = dy·f'(x), given x and y = f(x) (each op reads whichever it needs).</summary>
    void UnaryBackward(UnaryOp op, Storage x, Storage y, Storage dy, Storage dx, long n, float alpha);

    void Binary(BinaryOp op, Storage a, Storage b, Storage y, long n);

    /// <summary>y += alpha·x (gradient accumulation).</summary>
    void Axpy(float alpha, Storage x, Storage y, long n);

    /// <summary>y[o, a, i] += b[a] (bias over channels).</summary>
    void AddChannelBias(Storage y, Storage bias, long outer, int channels, long inner);

    // ---- reductions ----

    /// <summary>y[o, i] = alpha·Σ_a x[o, a, i].</summary>
    void Sum(Storage x, Storage y, long outer, int axis, long inner, float alpha);

    /// <summary>dx[o, a, i] = alpha·dy[o, i] (the backward of <see cref="Sum"/>).</summary>
    void Broadcast(Storage dy, Storage dx, long outer, int axis, long inner, float alpha);

    /// <summary>values[o, i] = max_a x[o, a, i], indices = the first a attaining it; a NaN wins over any number.</summary>
    void Max(Storage x, Storage values, Storage indices, long outer, int axis, long inner);

    /// <summary>dx = 0 except dx[o, indices[o, i], i] = dy[o, i].</summary>
    void MaxBackward(Storage dy, Storage indices, Storage dx, long outer, int axis, long inner);

    // ---- softmax family and losses ----

    /// <summary>Softmax (or log-softmax) along the middle axis.</summary>
    void Softmax(Storage x, Storage y, long outer, int axis, long inner, bool log);

    /// <summary>dx from the forward output y and dy.</summary>
    void SoftmaxBackward(Storage y, Storage dy, Storage dx, long outer, int axis, long inner, bool log);

    /// <summary>loss[n] = −log softmax(logits[n])[labels[n]] for logits N×C, int labels in [0, C) (the caller validates them: a GPU kernel cannot report a bad one).</summary>
    void CrossEntropy(Storage logits, Storage labels, Storage loss, int n, int classes);

    /// <summary>dlogits[n] = dloss[n]·(softmax(logits[n]) − onehot(labels[n])).</summary>
    void CrossEntropyBackward(Storage logits, Storage labels, Storage dloss, Storage dlogits, int n, int classes);

    /// <summary>
    /// Confidence-masked pseudo-label cross-entropy (FixMatch): q = softmax(weak[n]); pseudo[n] = argmax q;
    /// mask[n] = max q ≥ threshold; loss[n] = mask[n]·CE(strong[n], pseudo[n]). Pseudo labels and mask are
    /// written out as constants for the backward.
    /// </summary>
    void PseudoLabelCrossEntropy(Storage weak, Storage strong, Storage pseudo, Storage mask, Storage loss, int n, int classes, float threshold);

    /// <summary>dstrong[n] = dloss[n]·mask[n]·(softmax(strong[n]) − onehot(pseudo[n])); nothing flows to weak.</summary>
    void PseudoLabelCrossEntropyBackward(Storage strong, Storage pseudo, Storage mask, Storage dloss, Storage dstrong, int n, int classes);

    /// <summary>Soft Dice loss per image: 1 − (2Σ p·y + 1)/(Σ p + Σ y + 1), p = sigmoid(logits); N images of hw pixels.</summary>
    void DiceLoss(Storage logits, Storage target, Storage loss, int n, long hw);

    /// <summary>dlogits from dloss (one value per image).</summary>
    void DiceLossBackward(Storage logits, Storage target, Storage dloss, Storage dlogits, int n, long hw);

    /// <summary>Per-element Bernoulli KL(σ(a) ‖ σ(b)) = σ(a)(a − b) − softplus(a) + softplus(b).</summary>
    void BernoulliKl(Storage a, Storage b, Storage y, long n);

    /// <summary>da = dy·σ(a)(1 − σ(a))(a − b), db = dy·(σ(b) − σ(a)); either output may be null when not needed.</summary>
    void BernoulliKlBackward(Storage a, Storage b, Storage dy, Storage? da, Storage? db, long n);

    // ---- dense layers ----

    /// <summary>Row-major C[m×n] = alpha·op(A)·op(B) + beta·C with op = transpose when asked (cuBLAS on the GPU).</summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, Storage a, Storage b, float beta, Storage c);

    /// <summary>Stride-1 "same" convolution, square kernel k ∈ {1, 3}, x N×Cin×H×W, w Cout×Cin×k×k, optional bias.</summary>
    void Conv2d(Storage x, Storage w, Storage? bias, Storage y, ConvGeometry g);

    void Conv2dBackwardData(Storage dy, Storage w, Storage dx, ConvGeometry g);

    /// <summary>dw (and dbias when given) summed over the batch.</summary>
    void Conv2dBackwardWeight(Storage dy, Storage x, Storage dw, Storage? dbias, ConvGeometry g);

    // ---- normalisation, activation, pooling, resampling ----

    /// <summary>
    /// Instance norm over each of <paramref name="planes"/> planes of hw values (biased variance, eps), then,
    /// when <paramref name="leakySlope"/> is given, LeakyReLU fused in. Writes mean and 1/σ per plane.
    /// </summary>
    void InstanceNorm(Storage x, Storage y, Storage mean, Storage rstd, long planes, long hw, float eps, float? leakySlope);

    /// <summary>Backward of <see cref="InstanceNorm"/> from its output y (the normalised value is recoverable from y because the slope is positive).</summary>
    void InstanceNormBackward(Storage y, Storage rstd, Storage dy, Storage dx, long planes, long hw, float? leakySlope);

    /// <summary>mask[i] = (u_i ≥ p ? 1/(1−p) : 0) with u the Philox stream (seed, offset); y = x·mask.</summary>
    void Dropout(Storage x, Storage y, Storage mask, long n, float p, ulong seed, ulong offset);

    /// <summary>
    /// <see cref="InstanceNorm"/> with the fused LeakyReLU, then <see cref="Dropout"/> with the Philox stream (seed,
    /// offset) in the same pass: y = the activated values (what the backward reads), d = y·mask. <paramref name="keep"/>
    /// (⌈n/32⌉ int words, n = planes·hw) is the backward's record of the mask: the CPU backend stores one bit per
    /// element there (bit i % 32 of word i / 32, set where the element is kept), so no float mask is kept. Seed and
    /// offset reach the backward as well, so that a backend may draw the mask again instead, as this default
    /// composition of the two primitives does (it leaves keep unwritten).
    /// </summary>
    void InstanceNormDropout(Storage x, Storage y, Storage d, Storage keep, Storage mean, Storage rstd, long planes, long hw, float eps, float leakySlope, float p, ulong seed, ulong offset)
    {
        InstanceNorm(x, y, mean, rstd, planes, hw, eps, leakySlope);
        using var mask = Allocate(planes * hw, DType.Float32);
        Dropout(y, d, mask, planes * hw, p, seed, offset);
    }

    /// <summary>dx of <see cref="InstanceNormDropout"/> from y, rstd, the mask (keep, or drawn again) and dd, the gradient of d.</summary>
    void InstanceNormDropoutBackward(Storage y, Storage rstd, Storage keep, Storage dd, Storage dx, long planes, long hw, float leakySlope, float p, ulong seed, ulong offset)
    {
        var n = planes * hw;
        using var mask = Allocate(n, DType.Float32);
        using var g = Allocate(n, DType.Float32);
        Dropout(dd, g, mask, n, p, seed, offset);
        InstanceNormBackward(y, rstd, g, dx, planes, hw, leakySlope);
    }

    /// <summary>2×2 max pool, stride 2, over planes of h×w (even); argmax = index within the input plane.</summary>
    void MaxPool2x2(Storage x, Storage y, Storage argmax, long planes, int h, int w);

    void MaxPool2x2Backward(Storage dy, Storage argmax, Storage dx, long planes, int h, int w);

    /// <summary>Bilinear resize with align_corners = true of planes hIn×wIn → hOut×wOut.</summary>
    void ResizeBilinear(Storage x, Storage y, long planes, int hIn, int wIn, int hOut, int wOut);

    void ResizeBilinearBackward(Storage dy, Storage dx, long planes, int hIn, int wIn, int hOut, int wOut);

    // ---- optimiser ----

    /// <summary>
    /// One Adam step in PyTorch's form on n parameters: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
    /// p −= lr·(m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + eps), evaluated as p −= (lr/(1−β1^t))·m / (sqrt(v)/sqrt(1−β2^t) + eps)
    /// with the two bias corrections computed once in double, as PyTorch does, so backends agree to rounding.
    /// </summary>
    void AdamStep(Storage param, Storage grad, Storage m, Storage v, long n, float lr, float beta1, float beta2, float eps, int step);
}
