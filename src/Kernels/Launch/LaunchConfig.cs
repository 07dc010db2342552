namespace MultiMix.Kernels.Launch;

/// <summary>One kernel launch: which kernel, a one-dimensional grid and block, and dynamic shared memory.</summary>
internal readonly record struct LaunchConfig(string Kernel, uint Grid, uint Block, uint SharedBytes = 0);

/// <summary>
/// The grid/block choices for MultiMix's kernels, shared by the CUDA launch and the CPU emulator so both run
/// exactly the same configuration. Blocks are always a multiple of 32 threads (full warps), which the
/// reductions' warp shuffles rely on.
/// </summary>
internal static class LaunchConfigs
{
    /// <summary>Threads per block of elementwise (grid-stride) kernels.</summary>
    public const int ElementwiseBlock = 256;

    /// <summary>Most blocks launched; kernels loop (grid-stride) over anything beyond.</summary>
    public const int MaxGrid = 65535;

    public const int MaxBlock = 1024;

    /// <summary>One thread per item (element, counter or sample) with a grid-stride loop.</summary>
    public static LaunchConfig Elementwise(string kernel, long items) =>
        new(kernel, (uint)Math.Clamp((items + ElementwiseBlock - 1) / ElementwiseBlock, 1, MaxGrid), ElementwiseBlock);

    /// <summary>
    /// One block per row for kernels that reduce a row cooperatively: as many full warps as the row needs, up to
    /// <see cref="MaxBlock"/>; rows beyond <see cref="MaxGrid"/> wrap onto the same blocks.
    /// </summary>
    public static LaunchConfig PerRow(string kernel, long rows, long rowLength) =>
        new(kernel, (uint)Math.Clamp(rows, 1, MaxGrid), (uint)Math.Clamp((rowLength + 31) / 32 * 32, 32, MaxBlock));

    /// <summary>
    /// How a reduction along the middle axis of outer × axis × inner is launched: contiguous rows (inner == 1) get a
    /// block each (<see cref="PerRow"/>) when long enough to share; otherwise each (outer, inner) pair gets a thread
    /// that walks the axis (<see cref="Elementwise"/>).
    /// </summary>
    public static AxisLayout AlongAxis(long axis, long inner) => inner == 1 && axis > 32 ? AxisLayout.Rows : AxisLayout.Columns;
}

