namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Unfolds the k×k "same"-padded neighbourhoods of one CHW image into the rows of a matrix, so that a
/// stride-1 convolution becomes a GEMM. Only a range of output pixels is unfolded at a time, which keeps
/// the matrix small enough to stay in cache while the GEMM consumes it.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>
    /// Writes col[r, p − p0] for r = (c·k + ky)·k + kx and output pixels p in [p0, p1) of an h×w image:
    /// the input value at (p's row + ky − pad, p's column + kx − pad), or 0 outside the image.
    /// col has (channels·k·k) rows of (p1 − p0) floats.
    /// </summary>
    public static void Unfold(float* image, int channels, int h, int w, int k, int p0, int p1, float* col)
    {
        var pad = (k - 1) / 2;
        var cols = p1 - p0;
        var plane = (long)h * w;
        for (var c = 0; c < channels; c++)
        {
            var src = image + c * plane;
            for (var ky = 0; ky < k; ky++)
            {
                for (var kx = 0; kx < k; kx++)
                {
                    var row = col + ((long)(c * k + ky) * k + kx) * cols;
                    UnfoldRow(src, h, w, ky - pad, kx - pad, p0, p1, row);
                }
            }
        }
    }

    /// <summary>One row of the unfolded matrix: the image shifted by (dy, dx), read at pixels [p0, p1).</summary>
    private static void UnfoldRow(float* src, int h, int w, int dy, int dx, int p0, int p1, float* row)
    {
        var p = p0;
        while (p < p1)
        {
            var oy = p / w;
            var ox0 = p - oy * w;
            var ox1 = Math.Min(w, ox0 + (p1 - p));
            var length = ox1 - ox0;
            var sy = oy + dy;
            var dst = row + (p - p0);
            if (sy < 0 || sy >= h)
            {
                new Span<float>(dst, length).Clear();
            }
            else
            {
                // Columns whose source falls left of 0 or right of w−1 are padding.
                var first = Math.Clamp(-dx, ox0, ox1);
                var last = Math.Clamp(w - dx, first, ox1);
                new Span<float>(dst, first - ox0).Clear();
                var bytes = (long)(last - first) * sizeof(float);
                Buffer.MemoryCopy(src + (long)sy * w + first + dx, dst + (first - ox0), bytes, bytes);
                new Span<float>(dst + (last - ox0), ox1 - last).Clear();
            }

            p += length;
        }
    }
}
