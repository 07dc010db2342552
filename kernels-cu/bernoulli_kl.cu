// Per-element Bernoulli KL(σ(a) ‖ σ(b)) from logits, computed stably: σ(a)(a − b) − softplus(a) + softplus(b).
#include "common.cuh"

extern "C" __global__ void bernoulli_kl_forward(const float* a, const float* b, float* y, long long n)
{
    MM_FOR_EACH(i, n)
    {
        const float u = a[i];
        const float v = b[i];
        y[i] = mm_sigmoid(u) * (u - v) - mm_softplus(u) + mm_softplus(v);
    }
}

// da = dy·σ(a)(1 − σ(a))(a − b), db = dy·(σ(b) − σ(a)); a null output is skipped.
extern "C" __global__ void bernoulli_kl_backward(const float* a, const float* b, const float* dy, float* da, float* db, long long n)
{
    MM_FOR_EACH(i, n)
    {
        const float u = a[i];
        const float v = b[i];
        const float g = dy[i];
        const float su = mm_sigmoid(u);
        if (da) da[i] = g * su * (1.0f - su) * (u - v);
        if (db) db[i] = g * (mm_sigmoid(v) - su);
    }
}
