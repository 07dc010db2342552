// Elementwise kernels: fill, the unary functions and their backward, binary functions, axpy, channel bias.
// Operation codes are the values of MultiMix.Tensors.Backend.UnaryOp and BinaryOp.
#include "common.cuh"

#define MM_UNARY_SCALE 0
#define MM_UNARY_ADD_SCALAR 1
#define MM_UNARY_ABS 2
#define MM_UNARY_SIGMOID 3
#define MM_UNARY_LEAKY_RELU 4
#define MM_UNARY_EXP 5
#define MM_UNARY_LOG 6

#define MM_BINARY_ADD 0
#define MM_BINARY_SUB 1
#define MM_BINARY_MUL 2
#define MM_BINARY_DIV 3

extern "C" __global__ void fill(float* y, float value, long long n)
{
    MM_FOR_EACH(i, n) y[i] = value;
}

extern "C" __global__ void unary_forward(int op, const float* x, float* y, long long n, float alpha)
{
    MM_FOR_EACH(i, n)
    {
        const float v = x[i];
        float r;
        switch (op)
        {
            case MM_UNARY_SCALE: r = alpha * v; break;
            case MM_UNARY_ADD_SCALAR: r = v + alpha; break;
            case MM_UNARY_ABS: r = fabsf(v); break;
            case MM_UNARY_SIGMOID: r = mm_sigmoid(v); break;
            case MM_UNARY_LEAKY_RELU: r = v > 0.0f ? v : alpha * v; break;
            case MM_UNARY_EXP: r = expf(v); break;
            default: r = logf(v); break;
        }
        y[i] = r;
    }
}

// dx = dy·f'(x) from x and y = f(x).
extern "C" __global__ void unary_backward(int op, const float* x, const float* y, const float* dy, float* dx, long long n, float alpha)
{
    MM_FOR_EACH(i, n)
    {
        const float g = dy[i];
        float r;
        switch (op)
        {
            case MM_UNARY_SCALE: r = alpha * g; break;
            case MM_UNARY_ADD_SCALAR: r = g; break;
            case MM_UNARY_ABS: r = x[i] > 0.0f ? g : (x[i] < 0.0f ? -g : 0.0f); break;
            case MM_UNARY_SIGMOID: r = g * y[i] * (1.0f - y[i]); break;
            case MM_UNARY_LEAKY_RELU: r = x[i] > 0.0f ? g : alpha * g; break;
            case MM_UNARY_EXP: r = g * y[i]; break;
            default: r = g / x[i]; break;
        }
        dx[i] = r;
    }
}

extern "C" __global__ void binary_forward(int op, const float* a, const float* b, float* y, long long n)
{
    MM_FOR_EACH(i, n)
    {
        const float u = a[i];
        const float v = b[i];
        float r;
        switch (op)
        {
            case MM_BINARY_ADD: r = u + v; break;
            case MM_BINARY_SUB: r = u - v; break;
            case MM_BINARY_MUL: r = u * v; break;
            default: r = u / v; break;
        }
        y[i] = r;
    }
}

// y += alpha·x
extern "C" __global__ void axpy(float alpha, const float* x, float* y, long long n)
{
    MM_FOR_EACH(i, n) y[i] += alpha * x[i];
}

// y[o, c, i] += bias[c] over an outer × channels × inner tensor.
extern "C" __global__ void add_channel_bias(float* y, const float* bias, long long outer, int channels, long long inner)
{
    const long long n = outer * channels * inner;
    MM_FOR_EACH(i, n) y[i] += bias[(i / inner) % channels];
}
