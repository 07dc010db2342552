// Softmax and log-softmax along the middle axis of an outer × axis × inner tensor, and their backward.
// Same split as reduce.cu: *_rows for inner == 1 (one block per row), *_columns otherwise (one thread per
// (outer, inner) pair walking the axis).
#include "common.cuh"

extern "C" __global__ void softmax_rows(const float* x, float* y, long long rows, int rowLength, int logOutput)
{
    __shared__ float scratch[32];
    MM_FOR_EACH_ROW(r, rows)
    {
        const float* in = x + r * rowLength;
        float* out = y + r * rowLength;
        float m = MM_NEG_INF;
        MM_FOR_ROW(j, rowLength) m = fmaxf(m, in[j]);
        m = mm_block_max(m, scratch);
        float s = 0.0f;
        MM_FOR_ROW(j, rowLength) s += expf(in[j] - m);
        s = mm_block_sum(s, scratch);
        if (logOutput)
        {
            const float logSum = logf(s);
            MM_FOR_ROW(j, rowLength) out[j] = in[j] - m - logSum;
        }
        else
        {
            const float inv = 1.0f / s;
            MM_FOR_ROW(j, rowLength) out[j] = expf(in[j] - m) * inv;
        }
    }
}

extern "C" __global__ void softmax_columns(const float* x, float* y, long long outer, int axis, long long inner, int logOutput)
{
    const long long n = outer * inner;
    MM_FOR_EACH(t, n)
    {
        long long o, i;
        mm_divmod(t, inner, o, i);
        const long long base = o * axis * inner + i;
        float m = MM_NEG_INF;
        for (int a = 0; a < axis; a++) m = fmaxf(m, x[base + a * inner]);
        float s = 0.0f;
        for (int a = 0; a < axis; a++) s += expf(x[base + a * inner] - m);
        if (logOutput)
        {
            const float logSum = logf(s);
            for (int a = 0; a < axis; a++) y[base + a * inner] = x[base + a * inner] - m - logSum;
        }
        else
        {
            const float inv = 1.0f / s;
            for (int a = 0; a < axis; a++) y[base + a * inner] = expf(x[base + a * inner] - m) * inv;
        }
    }
}

// softmax: dx = y·(dy − Σ dy·y); log-softmax: dx = dy − e^y·Σ dy.
extern "C" __global__ void softmax_backward_rows(const float* y, const float* dy, float* dx, long long rows, int rowLength, int logOutput)
{
    __shared__ float scratch[32];
    MM_FOR_EACH_ROW(r, rows)
    {
        const long long base = r * rowLength;
        float s = 0.0f;
        MM_FOR_ROW(j, rowLength) s += logOutput ? dy[base + j] : dy[base + j] * y[base + j];
        s = mm_block_sum(s, scratch);
        MM_FOR_ROW(j, rowLength)
        {
            const long long k = base + j;
            dx[k] = logOutput ? dy[k] - expf(y[k]) * s : y[k] * (dy[k] - s);
        }
    }
}

extern "C" __global__ void softmax_backward_columns(const float* y, const float* dy, float* dx, long long outer, int axis, long long inner, int logOutput)
{
    const long long n = outer * inner;
    MM_FOR_EACH(t, n)
    {
        long long o, i;
        mm_divmod(t, inner, o, i);
        const long long base = o * axis * inner + i;
        float s = 0.0f;
        for (int a = 0; a < axis; a++)
        {
            const long long k = base + a * inner;
            s += logOutput ? dy[k] : dy[k] * y[k];
        }
        for (int a = 0; a < axis; a++)
        {
            const long long k = base + a * inner;
            dx[k] = logOutput ? dy[k] - expf(y[k]) * s : y[k] * (dy[k] - s);
        }
    }
}
