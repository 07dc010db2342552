namespace MultiMix.Kernels.Discovery;

/// <summary>The NVIDIA libraries MultiMix loads at run time.</summary>
internal enum CudaLibrary
{
    /// <summary>The CUDA driver API, installed with the NVIDIA driver (never taken from a library root).</summary>
    Driver,
    /// <summary>The runtime compiler that turns the embedded .cu kernels into machine code.</summary>
    Nvrtc,
    Cublas,
    Cudnn,
}

/// <summary>
/// One file name a library goes by, with the companions to preload from the folder it is found in: shell
/// patterns (<c>*</c>) of the libraries it opens by bare name at run time, which the loader would otherwise look
/// for on its own path (and miss, or find a copy of another version).
/// </summary>
internal sealed record LibraryFile(string Name, IReadOnlyList<string> Companions);

/// <summary>The file names a library goes by, most preferred first.</summary>
internal sealed record LibraryNames(CudaLibrary Library, IReadOnlyList<LibraryFile> Files)
{
    /// <summary>The libraries a library root must hold all of to be chosen (NCCL, optional, is found by <see cref="NcclSearchPath"/>).</summary>
    public static IReadOnlyList<CudaLibrary> RootLibraries { get; } = [CudaLibrary.Nvrtc, CudaLibrary.Cublas, CudaLibrary.Cudnn];

    /// <summary>The libraries loaded from the chosen root, in load order (cuBLAS before cuDNN, which may open it).</summary>
    public static IReadOnlyList<CudaLibrary> Toolkit { get; } = [CudaLibrary.Nvrtc, CudaLibrary.Cublas, CudaLibrary.Cudnn];

    /// <summary>How a library is named in messages.</summary>
    public static string Display(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => "CUDA driver",
        CudaLibrary.Nvrtc => "NVRTC",
        CudaLibrary.Cublas => "cuBLAS",
        CudaLibrary.Cudnn => "cuDNN",
        _ => throw new ArgumentOutOfRangeException(nameof(library), library, null),
    };

    public static LibraryNames For(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => new(library, [new("libcuda.so.1", [])]),
        // NVRTC opens libnvrtc-builtins.so.<major>.<minor> by bare name; the CUDA 13 pip wheel's libnvrtc has no
        // RUNPATH that finds it beside itself.
        CudaLibrary.Nvrtc => new(library,
        [
            new("libnvrtc.so.13", ["libnvrtc-builtins.so.13*"]),
            new("libnvrtc.so.12", ["libnvrtc-builtins.so.12*"]),
            new("libnvrtc.so.11.2", ["libnvrtc-builtins.so.11*"]),
            new("libnvrtc.so", ["libnvrtc-builtins.so*"]),
        ]),
        // cuBLAS needs cuBLASLt of the same major version.
        CudaLibrary.Cublas => new(library,
        [
            new("libcublas.so.13", ["libcublasLt.so.13*"]),
            new("libcublas.so.12", ["libcublasLt.so.12*"]),
            new("libcublas.so.11", ["libcublasLt.so.11*"]),
        ]),
        // cuDNN 9 opens its sub-libraries (graph, ops, cnn, adv, engines_*, heuristic, …) by bare name; which
        // ones exist changes between 9.x releases, so all of them are preloaded by pattern.
        CudaLibrary.Cudnn => new(library, [new("libcudnn.so.9", ["libcudnn_*.so.9*"])]),
        _ => throw new ArgumentOutOfRangeException(nameof(library), library, null),
    };
}
