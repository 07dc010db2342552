using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Conv weights [cout, taps] as op(A) of the forward GEMM, with the bias (when given) as one more column,
/// so that bias is added by the same micro-kernel instead of by an extra pass over the output.
/// </summary>
internal readonly unsafe struct ConvWeightsA(float* weights, int taps, float* bias) : IPackA
{
    public void Pack(int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        var inside = Math.Clamp(taps - p0, 0, kc);
        SgemmPacking.PackA(false, weights, taps, i0, rows, p0, inside, mr, dst, kc);
        if (inside == kc)
        {
            return;
        }

        // Only the column just past the weights (index taps) exists: the bias, zero-padded to MR rows.
        for (var ir = 0; ir < rows; ir += mr)
        {
            var d = dst + (long)ir * kc + inside * mr;
            for (var i = 0; i < mr; i++)
            {
                d[i] = ir + i < rows ? bias[i0 + ir + i] : 0f;
            }
        }
    }
}

/// <summary>
/// The unfolded (im2col) view of one CHW image as op(B) of the forward GEMM: row r = (c·k + ky)·k + kx,
/// column = output pixel, value = the input at that pixel shifted by (ky − pad, kx − pad), zero outside.
/// It is packed straight from the image, so the unfolded matrix never exists in memory. Row index
/// channels·k·k, when asked for, is all ones (the bias row that pairs with <see cref="ConvWeightsA"/>).
/// </summary>
internal readonly unsafe struct UnfoldedImageB(float* image, int channels, int h, int w, int k, int firstPixel) : IPackB
{
    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        var pad = (k - 1) / 2;
        var taps = channels * k * k;
        var plane = (long)h * w;
        for (var jr = 0; jr < cols; jr += nr)
        {
            var width = Math.Min(nr, cols - jr);
            var pixel = firstPixel + j0 + jr;
            var oy = pixel / w;
            var ox = pixel - oy * w;
            var wholeRow = width == nr && ox + nr <= w;
            var panel = dst + (long)jr * kc;
            var c = p0 / (k * k);
            var ky = p0 % (k * k) / k;
            var kx = p0 % k;
            for (var t = 0; t < kc; t++)
            {
                var d = panel + t * nr;
                if (p0 + t >= taps)
                {
                    new Span<float>(d, width).Fill(1f);
                    new Span<float>(d + width, nr - width).Clear();
                    continue;
                }

                var sy = oy + ky - pad;
                var sx = ox + kx - pad;
                if (wholeRow && sy >= 0 && sy < h && sx >= 0 && sx + nr <= w)
                {
                    // The common case: the panel's pixels are one run of one input row.
                    var src = image + c * plane + (long)sy * w + sx;
                    for (var j = 0; j < nr; j += Vector256<float>.Count)
                    {
                        Vector256.Load(src + j).Store(d + j);
                    }
                }
                else
                {
                    Im2Col.UnfoldRow(image + c * plane, h, w, ky - pad, kx - pad, pixel, pixel + width, d);
                    new Span<float>(d + width, nr - width).Clear();
                }

                if (++kx == k)
                {
                    kx = 0;
                    if (++ky == k)
                    {
                        ky = 0;
                        c++;
                    }
                }
            }
        }
    }
}

/// <summary>
/// The output gradient of a whole batch, [n, cout, pixels], as the cout×(n·pixels) op(A) of the
/// weight-gradient GEMM: column q is pixel q mod pixels of sample q / pixels. firstColumn offsets q.
/// </summary>
internal readonly unsafe struct BatchGradientA(float* dy, int cout, int pixels, long firstColumn) : IPackA
{
    public void Pack(int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        var done = 0;
        while (done < kc)
        {
            var q = firstColumn + p0 + done;
            var sample = q / pixels;
            var pixel = (int)(q - sample * pixels);
            var length = Math.Min(kc - done, pixels - pixel);
            var sampleStart = dy + sample * cout * pixels + pixel;
            SgemmPacking.PackA(false, sampleStart, pixels, i0, rows, 0, length, mr, dst + done * mr, kc);
            done += length;
        }
    }
}

/// <summary>
/// The transposed unfolded view of a whole batch as the (n·pixels)×(taps [+1]) op(B) of the weight-gradient
/// GEMM: row q is pixel q mod pixels of sample q / pixels, column r is tap r of the unfolding (see
/// <see cref="UnfoldedImageB"/>), and column taps, when asked for, is all ones (it sums the bias gradient).
/// Eight taps at a time are unfolded into a small buffer and transposed into the panel.
/// </summary>
internal readonly unsafe struct UnfoldedBatchTransposedB(float* x, int channels, int h, int w, int k, long firstRow) : IPackB
{
    /// <summary>The largest kc this packer accepts (the size of its stack buffer).</summary>
    public const int MaxDepth = 512;

    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        const int group = 8;
        var pad = (k - 1) / 2;
        var taps = channels * k * k;
        var pixels = h * w;
        var plane = (long)pixels;
        var rowsOfTaps = stackalloc float[group * MaxDepth];
        for (var jr = 0; jr < cols; jr += nr)
        {
            var width = Math.Min(nr, cols - jr);
            var panel = dst + (long)jr * kc;
            for (var g = 0; g < nr; g += group)
            {
                // Unfold taps [g, g+8) of this panel over rows [p0, p0+kc) into rowsOfTaps[tap][row].
                for (var j = 0; j < group; j++)
                {
                    var row = rowsOfTaps + j * kc;
                    var tap = j0 + jr + g + j;
                    if (g + j >= width)
                    {
                        new Span<float>(row, kc).Clear();
                    }
                    else if (tap >= taps)
                    {
                        new Span<float>(row, kc).Fill(1f);
                    }
                    else
                    {
                        var c = tap / (k * k);
                        var ky = tap % (k * k) / k;
                        var kx = tap % k;
                        var done = 0;
                        while (done < kc)
                        {
                            var q = firstRow + p0 + done;
                            var sample = q / pixels;
                            var pixel = (int)(q - sample * pixels);
                            var length = Math.Min(kc - done, pixels - pixel);
                            var source = x + (sample * channels + c) * plane;
                            Im2Col.UnfoldRow(source, h, w, ky - pad, kx - pad, pixel, pixel + length, row + done);
                            done += length;
                        }
                    }
                }

                var blocked = Avx.IsSupported ? kc / 8 * 8 : 0;
                for (var p = 0; p < blocked; p += 8)
                {
                    SgemmPacking.Transpose8x8(rowsOfTaps + p, kc, panel + p * nr + g, nr);
                }

                for (var p = blocked; p < kc; p++)
                {
                    for (var j = 0; j < group; j++)
                    {
                        panel[p * nr + g + j] = rowsOfTaps[j * kc + p];
                    }
                }
            }
        }
    }
}
