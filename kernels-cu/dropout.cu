// Dropout with the Philox4x32-10 stream of MultiMix.Tensors.Random.Philox: element i uses word i % 4 of
// Philox(key = seed, counter = offset + i / 4), u = (word >> 8)·2^-24, kept iff u ≥ p, scaled by 1/(1 − p).
// One thread per counter, so the CPU and the GPU draw the same mask for the same (seed, offset).
#include "common.cuh"

__device__ __forceinline__ void mm_philox4x32_10(unsigned int k0, unsigned int k1, unsigned int x[4])
{
    for (int round = 0; round < 10; round++)
    {
        const unsigned int hi0 = __umulhi(0xD2511F53u, x[0]);
        const unsigned int lo0 = 0xD2511F53u * x[0];
        const unsigned int hi1 = __umulhi(0xCD9E8D57u, x[2]);
        const unsigned int lo1 = 0xCD9E8D57u * x[2];
        const unsigned int y0 = hi1 ^ x[1] ^ k0;
        const unsigned int y2 = hi0 ^ x[3] ^ k1;
        x[0] = y0;
        x[1] = lo1;
        x[2] = y2;
        x[3] = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
}

extern "C" __global__ void dropout_forward(const float* x, float* y, float* mask, long long n, float p, unsigned long long seed, unsigned long long offset)
{
    const float scale = 1.0f / (1.0f - p);
    const long long counters = (n + 3) / 4;
    MM_FOR_EACH(c, counters)
    {
        const unsigned long long counter = offset + (unsigned long long)c;
        unsigned int words[4] = { (unsigned int)counter, (unsigned int)(counter >> 32), 0u, 0u };
        mm_philox4x32_10((unsigned int)seed, (unsigned int)(seed >> 32), words);
        for (int k = 0; k < 4; k++)
        {
            const long long i = c * 4 + k;
            if (i >= n) break;
            const float u = (float)(words[k] >> 8) * (1.0f / 16777216.0f);
            const float m = u >= p ? scale : 0.0f;
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }
}
