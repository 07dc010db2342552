namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The building block of unfolding (im2col) the k×k "same"-padded neighbourhoods of an image into the rows
/// of a matrix, so that a stride-1 convolution becomes a GEMM. Row r = (c·k + ky)·k + kx of that matrix is
/// channel c shifted by (ky − pad, kx − pad), zero where the shift leaves the image.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>One row of the unfolded matrix: the h×w plane shifted by (dy, dx), read at pixels [p0, p1) into row[0, p1 − p0).</summary>
    public static void UnfoldRow(float* src, int h, int w, int dy, int dx, int p0, int p1, float* row)
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
