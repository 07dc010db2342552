// Cross-entropy on N×C logits with int labels, and the confidence-masked pseudo-label cross-entropy
// (FixMatch). One thread per sample: C is the number of classes (2 for MultiMix), so a row is tiny.
#include "common.cuh"

// −log softmax(row)[label] = log Σ e^(x − max) + max − x[label].
__device__ __forceinline__ float mm_row_cross_entropy(const float* row, int classes, int label)
{
    float m = row[0];
    for (int c = 1; c < classes; c++) m = fmaxf(m, row[c]);
    float s = 0.0f;
    for (int c = 0; c < classes; c++) s += expf(row[c] - m);
    return logf(s) + m - row[label];
}

// d/dx of the above, scaled by g: g·(softmax(row) − onehot(label)).
__device__ __forceinline__ void mm_row_cross_entropy_backward(const float* row, int classes, int label, float g, float* out)
{
    float m = row[0];
    for (int c = 1; c < classes; c++) m = fmaxf(m, row[c]);
    float s = 0.0f;
    for (int c = 0; c < classes; c++) s += expf(row[c] - m);
    const float inv = 1.0f / s;
    for (int c = 0; c < classes; c++) out[c] = g * (expf(row[c] - m) * inv - (c == label ? 1.0f : 0.0f));
}

extern "C" __global__ void cross_entropy_forward(const float* logits, const int* labels, float* loss, int n, int classes)
{
    MM_FOR_EACH(r, n) loss[r] = mm_row_cross_entropy(logits + r * classes, classes, labels[r]);
}

extern "C" __global__ void cross_entropy_backward(const float* logits, const int* labels, const float* dloss, float* dlogits, int n, int classes)
{
    MM_FOR_EACH(r, n) mm_row_cross_entropy_backward(logits + r * classes, classes, labels[r], dloss[r], dlogits + r * classes);
}

// pseudo = argmax softmax(weak) (first maximum), mask = max softmax(weak) ≥ threshold, loss = mask·CE(strong, pseudo).
// The largest probability is 1 / Σ e^(w − max), so the softmax itself is never formed.
extern "C" __global__ void pseudo_label_ce_forward(const float* weak, const float* strong, int* pseudo, float* mask, float* loss, int n, int classes, float threshold)
{
    MM_FOR_EACH(r, n)
    {
        const float* w = weak + r * classes;
        float m = w[0];
        int best = 0;
        for (int c = 1; c < classes; c++)
        {
            if (w[c] > m)
            {
                m = w[c];
                best = c;
            }
        }
        float s = 0.0f;
        for (int c = 0; c < classes; c++) s += expf(w[c] - m);
        const bool confident = 1.0f / s >= threshold;
        pseudo[r] = best;
        mask[r] = confident ? 1.0f : 0.0f;
        loss[r] = confident ? mm_row_cross_entropy(strong + r * classes, classes, best) : 0.0f;
    }
}

extern "C" __global__ void pseudo_label_ce_backward(const float* strong, const int* pseudo, const float* mask, const float* dloss, float* dstrong, int n, int classes)
{
    MM_FOR_EACH(r, n) mm_row_cross_entropy_backward(strong + r * classes, classes, pseudo[r], dloss[r] * mask[r], dstrong + r * classes);
}
