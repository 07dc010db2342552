namespace MultiMix.Tests.Kernels;

/// <summary>Which architectures the NVRTC tests compile for: taken from what the NVRTC in use lists, never a fixed list.</summary>
public static class NvrtcArchitectures
{
    /// <summary>sm_80 and sm_86 (A100, the RTX 30 series) where listed, and the newest NVRTC knows.</summary>
    public static IReadOnlyList<int> ToTest(IReadOnlyList<int> supported) =>
        [.. new[] { 80, 86 }.Where(supported.Contains).Append(supported.Max()).Distinct().Order()];
}
