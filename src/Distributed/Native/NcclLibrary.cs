using MultiMix.Kernels.Discovery;

namespace MultiMix.Distributed.Native;

/// <summary>
/// Finds <c>libnccl.so.2</c> once per process. <see cref="Load"/> takes the candidate folders (null = the
/// loader's own search); without a call, the first use searches <see cref="NcclSearchPath.Folders()"/>: the
/// library root NVRTC, cuBLAS and cuDNN come from first, so NCCL matches them, then the order the other NVIDIA
/// libraries are searched in (MULTIMIX_CUDA_PATH, the loader's path, the CUDA toolkit, the system folder and the pip
/// <c>nvidia/*/lib</c> folders, which hold the nvidia-nccl-cu12/cu13 wheels' library).
/// </summary>
public static class NcclLibrary
{
    public const string FileName = "libnccl.so.2";

    private static readonly Lock s_gate = new();
    private static SharedLibrary? s_library;

    /// <summary>The library the bindings resolve into (searched in the default folders at first use).</summary>
    public static SharedLibrary Library
    {
        get
        {
            lock (s_gate)
            {
                return s_library ??= SharedLibrary.Search("NCCL", [FileName], DefaultFolders());
            }
        }
    }

    /// <summary>
    /// Searches <paramref name="folders"/> and makes the result the library the bindings use. Only the first
    /// search counts in a process (the runtime binds each entry point once); a later call returns the first
    /// result, so callers compare <see cref="SharedLibrary.Path"/> when it matters.
    /// </summary>
    public static SharedLibrary Load(IEnumerable<string?> folders)
    {
        lock (s_gate)
        {
            return s_library ??= SharedLibrary.Search("NCCL", [FileName], folders);
        }
    }

    public static IEnumerable<string?> DefaultFolders() => NcclSearchPath.Folders();
}
