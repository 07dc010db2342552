namespace MultiMix.Kernels.Discovery;

/// <summary>
/// Where the NCCL binding looks for <c>libnccl.so.2</c>: first the folders of the library root that NVRTC, cuBLAS
/// and cuDNN come from (<see cref="LibrarySearchPath.Roots"/>), when it holds NCCL, so that all four belong to one
/// installation; then the per-library search order (MULTIMIX_CUDA_PATH, the loader's own search — null here — the
/// CUDA toolkit and system folders, every root's folders). Nothing is loaded here.
/// </summary>
public static class NcclSearchPath
{
    public const string FileName = "libnccl.so.2";

    public static IReadOnlyList<string?> Folders() => Folders(SearchEnvironment.FromProcess());

    internal static IReadOnlyList<string?> Folders(SearchEnvironment environment)
    {
        var root = LibraryDiscovery.ChooseRoot(environment);
        var fromRoot = root?.Folders.Where(f => File.Exists(Path.Combine(f, FileName))) ?? [];
        return [.. fromRoot, .. LibrarySearchPath.Locations(environment).Select(l => l.Folder).Where(f => f is null || !fromRoot.Contains(f))];
    }
}
