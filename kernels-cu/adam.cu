// One fused Adam step in PyTorch's form (no weight decay): m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
// p −= stepSize·m / (sqrt(v)/sqrt(1 − β2^t) + eps) with stepSize = lr/(1 − β1^t). The host computes stepSize
// and sqrt(1 − β2^t) once, in double, as the CPU backend does.
#include "common.cuh"

extern "C" __global__ void adam_step(float* param, const float* grad, float* m, float* v, long long n, float beta1, float beta2, float eps, float stepSize, float correction2Sqrt)
{
    MM_FOR_EACH(i, n)
    {
        const float g = grad[i];
        const float mi = beta1 * m[i] + (1.0f - beta1) * g;
        const float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        param[i] -= stepSize * mi / (sqrtf(vi) / correction2Sqrt + eps);
    }
}
