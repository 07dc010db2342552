namespace MultiMix.Kernels.Discovery;

/// <summary>The NVIDIA libraries MultiMix loads at run time.</summary>
public enum CudaLibrary
{
    /// <summary>The CUDA driver API, installed with the NVIDIA driver.</summary>
    Driver,
    /// <summary>The runtime compiler that turns the embedded .cu kernels into PTX.</summary>
    Nvrtc,
    Cublas,
    Cudnn,
}

/// <summary>The file names a library goes by, most preferred first, and companions to preload from its folder.</summary>
public sealed record LibraryNames(CudaLibrary Library, IReadOnlyList<string> FileNames, IReadOnlyList<string> Companions)
{
    public static LibraryNames For(CudaLibrary library) => library switch
    {
        CudaLibrary.Driver => new(library, ["libcuda.so.1"], []),
        CudaLibrary.Nvrtc => new(library, ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"], []),
        // cuBLAS needs cuBLASLt; pip wheels keep it beside libcublas, outside the loader's path.
        CudaLibrary.Cublas => new(library, ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11"], ["libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so.11"]),
        // cuDNN 9 opens its sub-libraries by name at run time; loading them first from the same folder lets
        // those opens find them wherever the folder is.
        CudaLibrary.Cudnn => new(library, ["libcudnn.so.9"], ["libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9", "libcudnn_engines_precompiled.so.9", "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9"]),
        _ => throw new ArgumentOutOfRangeException(nameof(library), library, null),
    };
}
