// Instance norm over planes of hw values (biased variance), optionally with LeakyReLU fused into the apply.
// stats: one block per plane, two passes (mean, then Σ(x − mean)²) for accuracy. apply: elementwise.
// backward: one block per plane; it recovers x̂ from y (x̂ = y, or y/slope where y ≤ 0 after LeakyReLU).
#include "common.cuh"

extern "C" __global__ void instance_norm_stats(const float* x, float* mean, float* rstd, long long planes, long long hw, float eps)
{
    __shared__ float scratch[32];
    MM_FOR_EACH_ROW(p, planes)
    {
        const float* v = x + p * hw;
        float s = 0.0f;
        MM_FOR_ROW(j, hw) s += v[j];
        const float mu = mm_block_sum(s, scratch) / (float)hw;
        float q = 0.0f;
        MM_FOR_ROW(j, hw)
        {
            const float d = v[j] - mu;
            q += d * d;
        }
        const float var = mm_block_sum(q, scratch) / (float)hw;
        if (threadIdx.x == 0)
        {
            mean[p] = mu;
            rstd[p] = 1.0f / sqrtf(var + eps);
        }
    }
}

// y = (x − mean)·rstd, then LeakyReLU(slope) when hasSlope.
extern "C" __global__ void instance_norm_apply(const float* x, const float* mean, const float* rstd, float* y, long long planes, long long hw, int hasSlope, float slope)
{
    const long long n = planes * hw;
    MM_FOR_EACH(i, n)
    {
        const long long p = i / hw;
        const float v = (x[i] - mean[p]) * rstd[p];
        y[i] = hasSlope && v <= 0.0f ? slope * v : v;
    }
}

// With g = ∂L/∂x̂: dx = rstd·(g − mean(g) − x̂·mean(g·x̂)).
extern "C" __global__ void instance_norm_backward(const float* y, const float* rstd, const float* dy, float* dx, long long planes, long long hw, int hasSlope, float slope)
{
    __shared__ float scratch[32];
    MM_FOR_EACH_ROW(p, planes)
    {
        const long long base = p * hw;
        float sg = 0.0f, sgx = 0.0f;
        MM_FOR_ROW(j, hw)
        {
            const float yj = y[base + j];
            const bool negative = hasSlope && yj <= 0.0f;
            const float xhat = negative ? yj / slope : yj;
            const float g = negative ? dy[base + j] * slope : dy[base + j];
            sg += g;
            sgx += g * xhat;
        }
        const float meanG = mm_block_sum(sg, scratch) / (float)hw;
        const float meanGx = mm_block_sum(sgx, scratch) / (float)hw;
        const float r = rstd[p];
        MM_FOR_ROW(j, hw)
        {
            const float yj = y[base + j];
            const bool negative = hasSlope && yj <= 0.0f;
            const float xhat = negative ? yj / slope : yj;
            const float g = negative ? dy[base + j] * slope : dy[base + j];
            dx[base + j] = r * (g - meanG - xhat * meanGx);
        }
    }
}
