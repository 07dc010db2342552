namespace MultiMix.Kernels.Launch;

/// <summary>Which kernel of a *_rows / *_columns pair reduces along an axis (<see cref="LaunchConfigs.AlongAxis"/>).</summary>
internal enum AxisLayout
{
    /// <summary>One block per contiguous row.</summary>
    Rows,
    /// <summary>One thread per (outer, inner) pair, walking the axis.</summary>
    Columns,
}
