namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Tile and cache-block sizes for one micro-kernel family. MR×NR is the register tile; a KC×NR panel of
/// B is meant to stay in L1 while MR×KC panels of A stream from an MC×KC block held in L2, and the KC×NC
/// block of packed B lives in L2/L3.
/// </summary>
internal readonly unsafe struct SgemmBlocking
{
    /// <summary>The largest MR·NR of any kernel, the size of the scratch tile used at the edges of C.</summary>
    public const int MaxTile = 8 * 32;

    private SgemmBlocking(int mr, int nr, int mc, int kc, int nc, delegate*<int, float*, float*, float*, int, float, float, void> kernel)
    {
        Mr = mr;
        Nr = nr;
        Mc = mc;
        Kc = kc;
        Nc = nc;
        Kernel = kernel;
    }

    public int Mr { get; }

    public int Nr { get; }

    public int Mc { get; }

    public int Kc { get; }

    public int Nc { get; }

    public delegate*<int, float*, float*, float*, int, float, float, void> Kernel { get; }

    public static SgemmBlocking For(SgemmKernel kernel) => kernel switch
    {
        SgemmKernel.Avx512 => new SgemmBlocking(8, 32, 256, 256, 2048, &SgemmMicroKernels.Avx512x8x32),
        SgemmKernel.Avx2 => new SgemmBlocking(6, 16, 192, 256, 2048, &SgemmMicroKernels.Avx2x6x16),
        _ => new SgemmBlocking(4, SgemmMicroKernels.PortableNr, 128, 256, 2048, &SgemmMicroKernels.Portable4xN),
    };
}
