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
/// The unfolded (im2col) view of CHW images as op(B) of the forward GEMM: row r = (c·k + ky)·k + kx,
/// column = output pixel, value = the input at that pixel shifted by (ky − pad, kx − pad), zero outside.
/// It is packed straight from the image, so the unfolded matrix never exists in memory. Row index
/// channels·k·k, when asked for, is all ones (the bias row that pairs with <see cref="ConvWeightsA"/>).
/// Columns past the first image's pixels continue into the next images of a batch (NCHW).
/// </summary>
internal readonly unsafe struct UnfoldedImageB(float* image, int channels, int h, int w, int k, int firstPixel) : IPackB
{
    [ThreadStatic]
    private static NativeScratch s_runs;

    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        var pad = (k - 1) / 2;
        var taps = channels * k * k;
        var plane = (long)h * w;

        // The block's pixels fall into runs that end at row ends and panel ends; the runs are the same for
        // every tap, so they are found once and then copied, shifted, for each tap.
        var runs = ImageRuns.Find(firstPixel + j0, cols, w, plane, nr, ref s_runs, out var runCount);
        var r0 = 0;
        for (var jr = 0; jr < cols; jr += nr)
        {
            var width = Math.Min(nr, cols - jr);
            var r1 = r0;
            while (r1 < runCount && runs[r1].Position < jr + width)
            {
                r1++;
            }

            var panel = dst + (long)jr * kc;
            var c = p0 / (k * k);
            var ky = p0 % (k * k) / k;
            var kx = p0 % k;
            for (var t = 0; t < kc; t++)
            {
                var d = panel + t * nr;
                if (width < nr)
                {
                    new Span<float>(d + width, nr - width).Clear();
                }

                if (p0 + t >= taps)
                {
                    new Span<float>(d, width).Fill(1f);
                    continue;
                }

                for (var r = r0; r < r1; r++)
                {
                    var run = runs[r];
                    var channel = image + ((run.Plane * channels) + c) * plane;
                    var sy = run.Row + ky - pad;
                    var lane = d + (run.Position - jr);
                    if (sy < 0 || sy >= h)
                    {
                        new Span<float>(lane, run.Length).Clear();
                        continue;
                    }

                    var src = channel + (long)sy * w;
                    var ox = run.Column + kx - pad;
                    if (run.Length == 32 && ox >= 0 && ox + 32 <= w)
                    {
                        // The common case: a whole AVX-512 panel row from inside one input row.
                        Vector256.Load(src + ox).Store(lane);
                        Vector256.Load(src + ox + 8).Store(lane + 8);
                        Vector256.Load(src + ox + 16).Store(lane + 16);
                        Vector256.Load(src + ox + 24).Store(lane + 24);
                    }
                    else
                    {
                        ImageRuns.CopyShifted(src, ox, w, lane, run.Length);
                    }
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

            r0 = r1;
        }
    }
}

/// <summary>One run of consecutive output pixels in a single image row: where it sits in a block of pixels.</summary>
internal readonly record struct ImageRun(int Position, long Plane, int Row, int Column, int Length);

/// <summary>Splitting a range of pixels (possibly across several images of a batch) into row runs.</summary>
internal static unsafe class ImageRuns
{
    /// <summary>
    /// The runs of pixels [first, first+count) of images of w columns and planeSize pixels, also cut where
    /// the position (relative to first) reaches a multiple of splitEvery: Plane is the image index, Row and
    /// Column the run's start in that image.
    /// </summary>
    public static ImageRun* Find(long first, int count, int w, long planeSize, int splitEvery, ref NativeScratch storage, out int runCount)
    {
        var capacity = count / w + count / planeSize + count / splitEvery + 3;
        var runs = (ImageRun*)storage.Get(capacity * sizeof(ImageRun) / sizeof(float) + 1);
        runCount = 0;
        var done = 0;
        while (done < count)
        {
            var pixel = first + done;
            var plane = pixel / planeSize;
            var inPlane = (int)(pixel - plane * planeSize);
            var row = inPlane / w;
            var column = inPlane - row * w;
            var length = Math.Min(Math.Min(count - done, w - column), splitEvery - done % splitEvery);
            runs[runCount++] = new ImageRun(done, plane, row, column, length);
            done += length;
        }

        return runs;
    }

    /// <summary>dst[j] = src[ox + j] for j in [0, count), or 0 where ox + j is outside [0, w).</summary>
    public static void CopyShifted(float* src, int ox, int w, float* dst, int count)
    {
        var first = Math.Clamp(-ox, 0, count);
        var end = Math.Clamp(w - ox, first, count);
        for (var j = 0; j < first; j++)
        {
            dst[j] = 0f;
        }

        var i = first;
        for (; i + Vector256<float>.Count <= end; i += Vector256<float>.Count)
        {
            Vector256.Load(src + ox + i).Store(dst + i);
        }

        for (; i < end; i++)
        {
            dst[i] = src[ox + i];
        }

        for (var j = end; j < count; j++)
        {
            dst[j] = 0f;
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

    [ThreadStatic]
    private static NativeScratch s_runs;

    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst)
    {
        const int group = 8;
        var pad = (k - 1) / 2;
        var taps = channels * k * k;
        var pixels = h * w;
        var plane = (long)pixels;
        var rowsOfTaps = stackalloc float[group * MaxDepth];
        var runs = ImageRuns.Find(firstRow + p0, kc, w, pixels, kc, ref s_runs, out var runCount);
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
                        for (var r = 0; r < runCount; r++)
                        {
                            var run = runs[r];
                            var sy = run.Row + ky - pad;
                            if (sy < 0 || sy >= h)
                            {
                                new Span<float>(row + run.Position, run.Length).Clear();
                            }
                            else
                            {
                                var source = x + (run.Plane * channels + c) * plane + (long)sy * w;
                                ImageRuns.CopyShifted(source, run.Column + kx - pad, w, row + run.Position, run.Length);
                            }
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
