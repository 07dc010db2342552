using System.Runtime.Intrinsics;

namespace MultiMix.Tensors.Cpu;

/// <summary>Adds AVX-512 accumulators into rows of memory, for micro-kernels that flush a tile one row at a time.</summary>
internal static unsafe class VectorRows
{
    internal const int Lanes = 16;

    /// <summary>row[0..64) += [v0 v1 v2 v3].</summary>
    public static void Add(float* row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        Add(row, v0);
        Add(row + Lanes, v1);
        Add(row + (2 * Lanes), v2);
        Add(row + (3 * Lanes), v3);
    }

    /// <summary>row[0..16) += v.</summary>
    public static void Add(float* row, Vector512<float> v) => (Vector512.Load(row) + v).Store(row);
}
