using System.Runtime.Intrinsics;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The AVX-512 micro-kernels of the channel-vector convolutions (<see cref="BroadcastConvolution"/>,
/// <see cref="BroadcastWeightGradient"/>): a tile of six rows of 64 (or 16) channels gathers, over count steps i,
/// c[j, :] += a[i, :]·bases[j][index[i]], with the channel vectors a read along rows strideA apart and each scalar
/// broadcast. The forward steps through taps (a = transposed weights, bases = six pixels' places in the padded image,
/// index = the taps' offsets); the weight gradient through pixels (a = transposed dy, bases = six taps' offsets into
/// the padded image, index = the pixels' places). Each sum runs over i in order, whatever the caller.
/// </summary>
internal static unsafe class ChannelTiles
{
    internal const int Lanes = 16;

    /// <summary>Rows of a tile: six broadcasts per step.</summary>
    internal const int Rows = 6;

    /// <summary>Channels in a wide tile: four vectors, 24 accumulators.</summary>
    internal const int Wide = 4 * Lanes;

    /// <summary>c rows j below <paramref name="rows"/> (strideC apart), channels [0, 64): += Σ_i a[i·strideA + ·]·bases[j][index[i]].</summary>
    public static void AccumulateWide(float* a, int strideA, int* index, int count, float** bases, float* c, int strideC, int rows)
    {
        float* p0 = bases[0], p1 = bases[1], p2 = bases[2], p3 = bases[3], p4 = bases[4], p5 = bases[5];
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c24 = default, c25 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default, c34 = default, c35 = default;
        for (var i = 0; i < count; i++)
        {
            var row = a + ((long)i * strideA);
            var a0 = Vector512.Load(row);
            var a1 = Vector512.Load(row + Lanes);
            var a2 = Vector512.Load(row + (2 * Lanes));
            var a3 = Vector512.Load(row + (3 * Lanes));
            var o = index[i];
            var b = Vector512.Create(p0[o]);
            c00 = Vector512.FusedMultiplyAdd(a0, b, c00);
            c10 = Vector512.FusedMultiplyAdd(a1, b, c10);
            c20 = Vector512.FusedMultiplyAdd(a2, b, c20);
            c30 = Vector512.FusedMultiplyAdd(a3, b, c30);
            b = Vector512.Create(p1[o]);
            c01 = Vector512.FusedMultiplyAdd(a0, b, c01);
            c11 = Vector512.FusedMultiplyAdd(a1, b, c11);
            c21 = Vector512.FusedMultiplyAdd(a2, b, c21);
            c31 = Vector512.FusedMultiplyAdd(a3, b, c31);
            b = Vector512.Create(p2[o]);
            c02 = Vector512.FusedMultiplyAdd(a0, b, c02);
            c12 = Vector512.FusedMultiplyAdd(a1, b, c12);
            c22 = Vector512.FusedMultiplyAdd(a2, b, c22);
            c32 = Vector512.FusedMultiplyAdd(a3, b, c32);
            b = Vector512.Create(p3[o]);
            c03 = Vector512.FusedMultiplyAdd(a0, b, c03);
            c13 = Vector512.FusedMultiplyAdd(a1, b, c13);
            c23 = Vector512.FusedMultiplyAdd(a2, b, c23);
            c33 = Vector512.FusedMultiplyAdd(a3, b, c33);
            b = Vector512.Create(p4[o]);
            c04 = Vector512.FusedMultiplyAdd(a0, b, c04);
            c14 = Vector512.FusedMultiplyAdd(a1, b, c14);
            c24 = Vector512.FusedMultiplyAdd(a2, b, c24);
            c34 = Vector512.FusedMultiplyAdd(a3, b, c34);
            b = Vector512.Create(p5[o]);
            c05 = Vector512.FusedMultiplyAdd(a0, b, c05);
            c15 = Vector512.FusedMultiplyAdd(a1, b, c15);
            c25 = Vector512.FusedMultiplyAdd(a2, b, c25);
            c35 = Vector512.FusedMultiplyAdd(a3, b, c35);
        }

        // Flushed one row at a time: gathered into a stackalloc array, the accumulators were kept on the stack through
        // the loop (and a method with stackalloc cannot use on-stack replacement).
        Add(c, c00, c10, c20, c30);
        if (rows > 1)
        {
            Add(c + strideC, c01, c11, c21, c31);
        }

        if (rows > 2)
        {
            Add(c + (2L * strideC), c02, c12, c22, c32);
        }

        if (rows > 3)
        {
            Add(c + (3L * strideC), c03, c13, c23, c33);
        }

        if (rows > 4)
        {
            Add(c + (4L * strideC), c04, c14, c24, c34);
        }

        if (rows > 5)
        {
            Add(c + (5L * strideC), c05, c15, c25, c35);
        }
    }

    /// <summary>As <see cref="AccumulateWide"/> for channels [0, 16).</summary>
    public static void AccumulateNarrow(float* a, int strideA, int* index, int count, float** bases, float* c, int strideC, int rows)
    {
        float* p0 = bases[0], p1 = bases[1], p2 = bases[2], p3 = bases[3], p4 = bases[4], p5 = bases[5];
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (var i = 0; i < count; i++)
        {
            var v = Vector512.Load(a + ((long)i * strideA));
            var o = index[i];
            c0 = Vector512.FusedMultiplyAdd(v, Vector512.Create(p0[o]), c0);
            c1 = Vector512.FusedMultiplyAdd(v, Vector512.Create(p1[o]), c1);
            c2 = Vector512.FusedMultiplyAdd(v, Vector512.Create(p2[o]), c2);
            c3 = Vector512.FusedMultiplyAdd(v, Vector512.Create(p3[o]), c3);
            c4 = Vector512.FusedMultiplyAdd(v, Vector512.Create(p4[o]), c4);
            c5 = Vector512.FusedMultiplyAdd(v, Vector512.Create(p5[o]), c5);
        }

        Add(c, c0);
        if (rows > 1)
        {
            Add(c + strideC, c1);
        }

        if (rows > 2)
        {
            Add(c + (2L * strideC), c2);
        }

        if (rows > 3)
        {
            Add(c + (3L * strideC), c3);
        }

        if (rows > 4)
        {
            Add(c + (4L * strideC), c4);
        }

        if (rows > 5)
        {
            Add(c + (5L * strideC), c5);
        }
    }

    private static void Add(float* row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        Add(row, v0);
        Add(row + Lanes, v1);
        Add(row + (2 * Lanes), v2);
        Add(row + (3 * Lanes), v3);
    }

    private static void Add(float* row, Vector512<float> v) => (Vector512.Load(row) + v).Store(row);
}
