// Bilinear resize with align_corners = true: output pixel o samples the input at o·(in − 1)/(out − 1)
// (0 when either size is 1), evaluated in the same float order as the CPU backend. The backward gathers: each input pixel sums the weighted gradients of the output pixels
// whose interpolation touches it, found by re-running the forward's index arithmetic on a small candidate
// range, so the result is deterministic and uses no atomics.
#include "common.cuh"

__device__ __forceinline__ float mm_align_corners_scale(int in, int out)
{
    return in > 1 && out > 1 ? (float)(in - 1) / (float)(out - 1) : 0.0f;
}

// Source coordinate of output index o: lower index i0, upper index i1 (clamped) and the upper weight.
__device__ __forceinline__ void mm_source(int o, int in, int out, int& i0, int& i1, float& frac)
{
    if (in == 1 || out == 1)
    {
        i0 = 0;
        i1 = 0;
        frac = 0.0f;
        return;
    }
    const float s = (float)o * (float)(in - 1) / (float)(out - 1);
    i0 = (int)s;
    if (i0 > in - 1) i0 = in - 1;
    i1 = i0 + 1 < in ? i0 + 1 : in - 1;
    frac = s - (float)i0;
}

extern "C" __global__ void resize_bilinear_forward(const float* x, float* y, long long planes, int hIn, int wIn, int hOut, int wOut)
{
    const long long n = planes * hOut * wOut;
    MM_FOR_EACH(t, n)
    {
        long long p;
        int oy, ox;
        mm_plane_yx(t, hOut, wOut, p, oy, ox);
        int y0, y1, x0, x1;
        float fy, fx;
        mm_source(oy, hIn, hOut, y0, y1, fy);
        mm_source(ox, wIn, wOut, x0, x1, fx);
        const float* plane = x + p * hIn * wIn;
        const float top = plane[y0 * wIn + x0] + fx * (plane[y0 * wIn + x1] - plane[y0 * wIn + x0]);
        const float bottom = plane[y1 * wIn + x0] + fx * (plane[y1 * wIn + x1] - plane[y1 * wIn + x0]);
        y[t] = top + fy * (bottom - top);
    }
}

// Range of output indices whose source may touch input index i: s = o·scale within (i − 1, i + 1), widened by
// one on each side to absorb rounding; the caller checks each candidate exactly. A zero scale (a size of 1)
// means every output reads index 0.
__device__ __forceinline__ void mm_candidates(int i, float scale, int out, int& first, int& last)
{
    if (scale <= 0.0f)
    {
        first = 0;
        last = out - 1;
        return;
    }
    first = (int)floorf((float)(i - 1) / scale) - 1;
    last = (int)ceilf((float)(i + 1) / scale) + 1;
    if (first < 0) first = 0;
    if (last > out - 1) last = out - 1;
}

// Weight of input index i in output index o along one axis.
__device__ __forceinline__ float mm_weight(int o, int i, int in, int out)
{
    int i0, i1;
    float frac;
    mm_source(o, in, out, i0, i1, frac);
    return (i0 == i ? 1.0f - frac : 0.0f) + (i1 == i ? frac : 0.0f);
}

extern "C" __global__ void resize_bilinear_backward(const float* dy, float* dx, long long planes, int hIn, int wIn, int hOut, int wOut)
{
    const float sy = mm_align_corners_scale(hIn, hOut);
    const float sx = mm_align_corners_scale(wIn, wOut);
    const long long n = planes * hIn * wIn;
    MM_FOR_EACH(t, n)
    {
        long long p;
        int iy, ix;
        mm_plane_yx(t, hIn, wIn, p, iy, ix);
        int oy0, oy1, ox0, ox1;
        mm_candidates(iy, sy, hOut, oy0, oy1);
        mm_candidates(ix, sx, wOut, ox0, ox1);
        const float* g = dy + p * hOut * wOut;
        float s = 0.0f;
        for (int oy = oy0; oy <= oy1; oy++)
        {
            const float wy = mm_weight(oy, iy, hIn, hOut);
            if (wy == 0.0f) continue;
            float row = 0.0f;
            for (int ox = ox0; ox <= ox1; ox++)
            {
                const float wx = mm_weight(ox, ix, wIn, wOut);
                if (wx != 0.0f) row += wx * g[oy * wOut + ox];
            }
            s += wy * row;
        }
        dx[t] = s;
    }
}
