// Strided block copy: run b of blockLength 32-bit words goes from src[b·srcStride] to dst[b·dstStride].
// Concat, split and batch slices are all this copy; it moves floats and ints alike (the caller offsets the
// base pointers).
#include "common.cuh"

extern "C" __global__ void copy_blocks(const unsigned int* src, long long srcStride, unsigned int* dst, long long dstStride, long long blockLength, long long blocks)
{
    const long long n = blockLength * blocks;
    MM_FOR_EACH(i, n)
    {
        long long b, j;
        mm_divmod(i, blockLength, b, j);
        dst[b * dstStride + j] = src[b * srcStride + j];
    }
}
