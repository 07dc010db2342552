// 2×2 max pool, stride 2, over planes of h×w (both even). argmax holds the winner's index within its input
// plane; ties keep the first in row-major order. The backward is a gather over input pixels: every window is
// disjoint, so each dx element is written exactly once and no zero fill or atomics are needed.
#include "common.cuh"

extern "C" __global__ void max_pool2x2_forward(const float* x, float* y, int* argmax, long long planes, int h, int w)
{
    const int ho = h / 2;
    const int wo = w / 2;
    const long long n = planes * ho * wo;
    MM_FOR_EACH(t, n)
    {
        long long p;
        int oy, ox;
        mm_plane_yx(t, ho, wo, p, oy, ox);
        const float* plane = x + p * h * w;
        int best = (2 * oy) * w + 2 * ox;
        float v = plane[best];
        const int candidates[3] = { best + 1, best + w, best + w + 1 };
        for (int k = 0; k < 3; k++)
        {
            if (plane[candidates[k]] > v)
            {
                v = plane[candidates[k]];
                best = candidates[k];
            }
        }
        y[t] = v;
        argmax[t] = best;
    }
}

extern "C" __global__ void max_pool2x2_backward(const float* dy, const int* argmax, float* dx, long long planes, int h, int w)
{
    const int ho = h / 2;
    const int wo = w / 2;
    const long long n = planes * h * w;
    MM_FOR_EACH(t, n)
    {
        long long p;
        int iy, ix;
        mm_plane_yx(t, h, w, p, iy, ix);
        const int j = iy * w + ix;
        const long long o = p * ho * wo + (iy / 2) * wo + ix / 2;
        dx[t] = argmax[o] == j ? dy[o] : 0.0f;
    }
}
