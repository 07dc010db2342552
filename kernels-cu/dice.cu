// Soft Dice loss per image, p = sigmoid(logits): loss = 1 − (2I + 1)/(P + Y + 1) with I = Σ p·y, P = Σ p,
// Y = Σ y. One block per image reduces the three sums (fused: the backward recomputes them in the same
// block, then writes the gradient), so no scratch memory is needed between kernels.
#include "common.cuh"

__device__ __forceinline__ void mm_dice_sums(const float* logits, const float* target, long long hw, float* scratch, float& inter, float& sumP, float& sumY)
{
    float i = 0.0f, p = 0.0f, y = 0.0f;
    MM_FOR_ROW(j, hw)
    {
        const float pj = mm_sigmoid(logits[j]);
        const float yj = target[j];
        i += pj * yj;
        p += pj;
        y += yj;
    }
    inter = mm_block_sum(i, scratch);
    sumP = mm_block_sum(p, scratch);
    sumY = mm_block_sum(y, scratch);
}

extern "C" __global__ void dice_loss_forward(const float* logits, const float* target, float* loss, int n, long long hw)
{
    __shared__ float scratch[32];
    MM_FOR_EACH_ROW(img, n)
    {
        float inter, sumP, sumY;
        mm_dice_sums(logits + img * hw, target + img * hw, hw, scratch, inter, sumP, sumY);
        if (threadIdx.x == 0) loss[img] = 1.0f - (2.0f * inter + 1.0f) / (sumP + sumY + 1.0f);
    }
}

// dloss/dp_j = −(2·y_j·D − (2I + 1)) / D² with D = P + Y + 1; times p_j(1 − p_j) = σ(x)σ(−x) for the logit
// (the product form does not cancel in float for large logits).
extern "C" __global__ void dice_loss_backward(const float* logits, const float* target, const float* dloss, float* dlogits, int n, long long hw)
{
    __shared__ float scratch[32];
    MM_FOR_EACH_ROW(img, n)
    {
        const float* x = logits + img * hw;
        const float* t = target + img * hw;
        float inter, sumP, sumY;
        mm_dice_sums(x, t, hw, scratch, inter, sumP, sumY);
        const float d = sumP + sumY + 1.0f;
        const float numerator = 2.0f * inter + 1.0f;
        const float scale = dloss[img] / (d * d);
        float* out = dlogits + img * hw;
        MM_FOR_ROW(j, hw)
        {
            out[j] = -scale * (2.0f * t[j] * d - numerator) * mm_sigmoid(x[j]) * mm_sigmoid(-x[j]);
        }
    }
}
