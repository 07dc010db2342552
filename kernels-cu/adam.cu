// One fused Adam step (PyTorch semantics, no weight decay). The bias corrections 1 − β1^t and 1 − β2^t are
// computed once on the host and passed in.
#include "common.cuh"

extern "C" __global__ void adam_step(float* param, const float* grad, float* m, float* v, long long n, float lr, float beta1, float beta2, float eps, float correction1, float correction2)
{
    MM_FOR_EACH(i, n)
    {
        const float g = grad[i];
        const float mi = beta1 * m[i] + (1.0f - beta1) * g;
        const float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        param[i] -= lr * (mi / correction1) / (sqrtf(vi / correction2) + eps);
    }
}
