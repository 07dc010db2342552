// Reductions along the middle axis of an outer × axis × inner tensor: sum (and its broadcast backward), max
// with the index of its first occurrence (and its backward).
// The *_rows kernels handle inner == 1 with one block per row; the *_columns kernels give each (outer, inner)
// pair one thread that walks the axis in order, so consecutive threads read consecutive addresses.
#include "common.cuh"

// y[r] = alpha·Σ_j x[r, j] for rows of rowLength contiguous values.
extern "C" __global__ void sum_rows(const float* x, float* y, long long rows, long long rowLength, float alpha)
{
    __shared__ float scratch[32];
    MM_FOR_EACH_ROW(r, rows)
    {
        const float* row = x + r * rowLength;
        float s = 0.0f;
        MM_FOR_ROW(j, rowLength) s += row[j];
        s = mm_block_sum(s, scratch);
        if (threadIdx.x == 0) y[r] = alpha * s;
    }
}

extern "C" __global__ void sum_columns(const float* x, float* y, long long outer, int axis, long long inner, float alpha)
{
    const long long n = outer * inner;
    MM_FOR_EACH(t, n)
    {
        long long o, i;
        mm_divmod(t, inner, o, i);
        const float* p = x + o * axis * inner + i;
        float s = 0.0f;
        for (int a = 0; a < axis; a++) s += p[a * inner];
        y[t] = alpha * s;
    }
}

// dx[o, a, i] = alpha·dy[o, i]
extern "C" __global__ void broadcast_axis(const float* dy, float* dx, long long outer, int axis, long long inner, float alpha)
{
    const long long n = outer * axis * inner;
    MM_FOR_EACH(t, n)
    {
        long long oa, i;
        mm_divmod(t, inner, oa, i);
        dx[t] = alpha * dy[oa / axis * inner + i];
    }
}

extern "C" __global__ void max_rows(const float* x, float* values, int* indices, long long rows, int rowLength)
{
    __shared__ float scratchV[32];
    __shared__ int scratchI[32];
    MM_FOR_EACH_ROW(r, rows)
    {
        const float* row = x + r * rowLength;
        float v = MM_NEG_INF;
        int index = 0x7fffffff;
        for (int j = threadIdx.x; j < rowLength; j += blockDim.x) mm_argmax_combine(v, index, row[j], j);
        mm_block_argmax(v, index, scratchV, scratchI);
        if (threadIdx.x == 0)
        {
            values[r] = v;
            indices[r] = index;
        }
    }
}

extern "C" __global__ void max_columns(const float* x, float* values, int* indices, long long outer, int axis, long long inner)
{
    const long long n = outer * inner;
    MM_FOR_EACH(t, n)
    {
        long long o, i;
        mm_divmod(t, inner, o, i);
        const float* p = x + o * axis * inner + i;
        float v = p[0];
        int index = 0;
        for (int a = 1; a < axis; a++)
        {
            const float u = p[a * inner];
            if (u > v || (isnan(u) && !isnan(v)))
            {
                v = u;
                index = a;
            }
        }
        values[t] = v;
        indices[t] = index;
    }
}

// dx[o, a, i] = dy[o, i] where a is the recorded index, else 0 (a gather: every dx element is written once).
extern "C" __global__ void max_backward(const float* dy, const int* indices, float* dx, long long outer, int axis, long long inner)
{
    const long long n = outer * axis * inner;
    MM_FOR_EACH(t, n)
    {
        long long oa, i, o, a;
        mm_divmod(t, inner, oa, i);
        mm_divmod(oa, axis, o, a);
        const long long k = o * inner + i;
        dx[t] = indices[k] == a ? dy[k] : 0.0f;
    }
}
