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

// da = dy·σ(a)(1 − σ(a))(a − b), db = dy·(σ(b) − σ(a)); a null output is skipped. In float, 1 − σ(a) and
// σ(b) − σ(a) cancel for large logits, so they are formed as σ(−a) and σ(−a) − σ(−b) instead.
extern "C" __global__ void bernoulli_kl_backward(const float* a, const float* b, const float* dy, float* da, float* db, long long n)
{
    MM_FOR_EACH(i, n)
    {
        const float u = a[i];
        const float v = b[i];
        const float g = dy[i];
        if (da) da[i] = g * mm_sigmoid(u) * mm_sigmoid(-u) * (u - v);
        if (db) db[i] = g * (u > 0.0f && v > 0.0f ? mm_sigmoid(-u) - mm_sigmoid(-v) : mm_sigmoid(v) - mm_sigmoid(u));
    }
}
