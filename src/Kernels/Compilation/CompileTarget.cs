namespace MultiMix.Kernels.Compilation;

/// <summary>What NVRTC produces: machine code for one GPU, or PTX that the driver compiles when loading it.</summary>
internal enum KernelImageKind
{
    /// <summary>Machine code (an ELF image) for exactly one <c>sm_XX</c>: loads with no JIT and no PTX-version check.</summary>
    Cubin,
    /// <summary>Virtual-architecture assembly; the driver JIT-compiles it for the GPU at load.</summary>
    Ptx,
}

/// <summary>
/// The architecture and form the kernels are compiled to for one GPU. A GPU whose compute capability NVRTC lists
/// gets machine code for exactly that <c>sm_XX</c> (no JIT at start, and no CUDA_ERROR_UNSUPPORTED_PTX_VERSION
/// when NVRTC is a newer minor release than the driver). A GPU newer than every architecture NVRTC knows gets PTX
/// for the newest one, which the driver compiles forward; a GPU between listed architectures gets PTX for the
/// nearest older one.
/// </summary>
internal readonly record struct CompileTarget(int Architecture, KernelImageKind Kind)
{
    /// <summary>The NVRTC option naming the target: <c>sm_XX</c> for machine code, <c>compute_XX</c> for PTX.</summary>
    public string ArchitectureOption => $"--gpu-architecture={(Kind == KernelImageKind.Cubin ? "sm" : "compute")}_{Architecture}";

    public override string ToString() => Kind == KernelImageKind.Cubin ? $"machine code for sm_{Architecture}" : $"PTX for compute_{Architecture}";

    /// <param name="major">The GPU's compute capability, major part.</param>
    /// <param name="minor">The GPU's compute capability, minor part.</param>
    /// <param name="supported">NVRTC's architectures (major·10 + minor), as <c>nvrtcGetSupportedArchs</c> lists them.</param>
    public static CompileTarget For(int major, int minor, IReadOnlyList<int> supported)
    {
        if (supported.Count == 0) throw new ArgumentException("NVRTC lists no architecture", nameof(supported));
        var device = (major * 10) + minor;
        if (supported.Contains(device)) return new CompileTarget(device, KernelImageKind.Cubin);
        var older = supported.Where(a => a < device).ToList();
        if (older.Count == 0)
        {
            throw new KernelCompilationException(
                $"the GPU has compute capability {major}.{minor}, older than every architecture this NVRTC compiles for (sm_{supported.Min()} to sm_{supported.Max()})");
        }
        return new CompileTarget(older.Max(), KernelImageKind.Ptx);
    }
}
