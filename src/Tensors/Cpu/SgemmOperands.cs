namespace MultiMix.Tensors.Cpu;

/// <summary>Something that can be read as the m×k left operand op(A) of a GEMM, packed into MR-row panels.</summary>
internal unsafe interface IPackA
{
    /// <summary>Packs rows [i0, i0+rows) and columns [p0, p0+kc) into MR-row panels at dst (zero-padded).</summary>
    void Pack(int i0, int rows, int p0, int kc, int mr, float* dst);
}

/// <summary>Something that can be read as the k×n right operand op(B) of a GEMM, packed into NR-column panels.</summary>
internal unsafe interface IPackB
{
    /// <summary>Packs rows [p0, p0+kc) and columns [j0, j0+cols) into NR-column panels at dst (zero-padded).</summary>
    void Pack(int p0, int kc, int j0, int cols, int nr, float* dst);
}

/// <summary>A row-major matrix in memory as op(A).</summary>
internal readonly unsafe struct MatrixA(float* a, int lda, bool transpose) : IPackA
{
    public void Pack(int i0, int rows, int p0, int kc, int mr, float* dst) => SgemmPacking.PackA(transpose, a, lda, i0, rows, p0, kc, mr, dst, kc);
}

/// <summary>A row-major matrix in memory as op(B).</summary>
internal readonly unsafe struct MatrixB(float* b, int ldb, bool transpose) : IPackB
{
    public void Pack(int p0, int kc, int j0, int cols, int nr, float* dst) => SgemmPacking.PackB(transpose, b, ldb, p0, kc, j0, cols, nr, dst);
}
