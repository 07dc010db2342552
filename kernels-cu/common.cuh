// Helpers shared by every MultiMix kernel. NVRTC compiles these files for the GPU; emulation/cuda_emu.h lets
// g++ build the very same sources for the CPU, so nothing here may include a standard header.
//
// Reductions are deterministic: each thread accumulates a fixed, strided subset in order, then a fixed
// shuffle tree combines the lanes of a warp and warp 0 combines the warps. No float atomics anywhere.
// Block sizes are multiples of 32 (the C# launch configuration guarantees it), so full-warp shuffles are valid.
#pragma once

#define MM_FULL_MASK 0xffffffffu
#define MM_NEG_INF __int_as_float(0xff800000)

// Grid-stride loop over [0, n) with 64-bit indices.
#define MM_FOR_EACH(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long)blockDim.x * gridDim.x)

// Block-stride loop over [0, n): the threads of one block share a row.
#define MM_FOR_ROW(j, n) for (long long j = threadIdx.x; j < (n); j += blockDim.x)

// Loop over rows, one block per row, wrapping when there are more rows than blocks.
#define MM_FOR_EACH_ROW(r, rows) for (long long r = blockIdx.x; r < (rows); r += gridDim.x)

// Index decomposition, in one place: quotient and remainder of a flat index (one division).
__device__ __forceinline__ void mm_divmod(long long n, long long d, long long& q, long long& r)
{
    q = n / d;
    r = n - q * d;
}

// Element t of planes of h×w pixels, row-major: plane p, row y, column x.
__device__ __forceinline__ void mm_plane_yx(long long t, int h, int w, long long& p, int& y, int& x)
{
    long long o;
    mm_divmod(t, (long long)h * w, p, o);
    y = (int)o / w;
    x = (int)o - y * w;
}

__device__ __forceinline__ float mm_sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

// log(1 + e^x) without overflow.
__device__ __forceinline__ float mm_softplus(float x)
{
    return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
}

__device__ __forceinline__ float mm_warp_sum(float v)
{
    for (int offset = 16; offset > 0; offset >>= 1)
        v += __shfl_down_sync(MM_FULL_MASK, v, offset);
    return v;
}

// Sum of v over the block, returned to every thread. scratch: 32 floats of shared memory.
__device__ __forceinline__ float mm_block_sum(float v, float* scratch)
{
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    v = mm_warp_sum(v);
    __syncthreads(); // the previous call's readers are done with scratch
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0)
    {
        v = threadIdx.x < (blockDim.x >> 5) ? scratch[lane] : 0.0f;
        v = mm_warp_sum(v);
        if (lane == 0) scratch[0] = v;
    }
    __syncthreads();
    return scratch[0];
}

__device__ __forceinline__ float mm_block_max(float v, float* scratch)
{
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    for (int offset = 16; offset > 0; offset >>= 1)
        v = fmaxf(v, __shfl_down_sync(MM_FULL_MASK, v, offset));
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0)
    {
        v = threadIdx.x < (blockDim.x >> 5) ? scratch[lane] : MM_NEG_INF;
        for (int offset = 16; offset > 0; offset >>= 1)
            v = fmaxf(v, __shfl_down_sync(MM_FULL_MASK, v, offset));
        if (lane == 0) scratch[0] = v;
    }
    __syncthreads();
    return scratch[0];
}

// (value, index) pairs: the larger value wins and NaN beats any number, as in the CPU backend; equal values
// (or two NaNs) keep the smaller index, so the result is the first occurrence whatever the reduction order.
__device__ __forceinline__ void mm_argmax_combine(float& v, int& i, float ov, int oi)
{
    const bool otherNan = isnan(ov);
    const bool thisNan = isnan(v);
    if (ov > v || (otherNan && !thisNan) || ((ov == v || (otherNan && thisNan)) && oi < i))
    {
        v = ov;
        i = oi;
    }
}

// Block-wide argmax; every thread gets the result. scratchV/scratchI: 32 entries each of shared memory.
__device__ __forceinline__ void mm_block_argmax(float& v, int& i, float* scratchV, int* scratchI)
{
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    for (int offset = 16; offset > 0; offset >>= 1)
    {
        const float ov = __shfl_down_sync(MM_FULL_MASK, v, offset);
        const int oi = __shfl_down_sync(MM_FULL_MASK, i, offset);
        mm_argmax_combine(v, i, ov, oi);
    }
    __syncthreads();
    if (lane == 0)
    {
        scratchV[warp] = v;
        scratchI[warp] = i;
    }
    __syncthreads();
    if (warp == 0)
    {
        const bool live = threadIdx.x < (blockDim.x >> 5);
        v = live ? scratchV[lane] : MM_NEG_INF;
        i = live ? scratchI[lane] : 0x7fffffff;
        for (int offset = 16; offset > 0; offset >>= 1)
        {
            const float ov = __shfl_down_sync(MM_FULL_MASK, v, offset);
            const int oi = __shfl_down_sync(MM_FULL_MASK, i, offset);
            mm_argmax_combine(v, i, ov, oi);
        }
        if (lane == 0)
        {
            scratchV[0] = v;
            scratchI[0] = i;
        }
    }
    __syncthreads();
    v = scratchV[0];
    i = scratchI[0];
}
