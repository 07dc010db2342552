namespace MultiMix.Tests.Cpu;

/// <summary>The obviously correct SGEMM: a triple loop with double accumulation, to test the fast one against.</summary>
internal static unsafe class SgemmReference
{
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var p = 0; p < k; p++)
                {
                    var aip = transA ? a[(long)p * lda + i] : a[(long)i * lda + p];
                    var bpj = transB ? b[(long)j * ldb + p] : b[(long)p * ldb + j];
                    sum += (double)aip * bpj;
                }

                var cij = &c[(long)i * ldc + j];
                *cij = beta == 0f ? (float)(alpha * sum) : (float)(alpha * sum + (double)beta * *cij);
            }
        }
    }
}
