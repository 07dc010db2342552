namespace MultiMix.Kernels.Discovery;

/// <summary>Where a library is looked for: a folder, or the dynamic loader's own search (no folder).</summary>
internal sealed record SearchLocation(string? Folder, string Origin)
{
    public static SearchLocation Loader { get; } = new(null, "the loader's default path");
}

/// <summary>
/// A set of folders that one installation put its libraries in: the pip <c>nvidia/*/lib</c> folders of one
/// site-packages, a conda environment's <c>lib</c>, the CUDA toolkit with the system folder, or the folders a
/// variable names. NVRTC, cuBLAS and cuDNN are taken from one root when one holds all three, so libraries of two
/// CUDA releases are never mixed.
/// </summary>
internal sealed record LibraryRoot(string Origin, IReadOnlyList<string> Folders)
{
    public override string ToString() => $"{Origin} ({string.Join(", ", Folders)})";
}

/// <summary>
/// The library roots, in order: <c>MULTIMIX_CUDA_PATH</c> (':'-separated), <c>LD_LIBRARY_PATH</c>, the active
/// virtual or conda environment, the CUDA toolkit with the system folder (<c>/usr/local/cuda/lib64</c>,
/// <c>/usr/lib/x86_64-linux-gnu</c>), then other Python environments (python3 on PATH, <c>/opt/*/.venv</c>,
/// <c>/opt/*/venv</c>, conda installations and their <c>envs/*</c>, <c>~/.local</c>, <c>/usr/local</c>,
/// <c>/usr</c>). And, for a library no single root serves, the per-library search order: the variable's folders,
/// the loader's default path, the toolkit and system folders, then every root's folders. No process is spawned.
/// </summary>
internal static class LibrarySearchPath
{
    public const string PathVariable = "MULTIMIX_CUDA_PATH";

    private const string Toolkit = "/usr/local/cuda/lib64";
    private const string System = "/usr/lib/x86_64-linux-gnu";

    public static IReadOnlyList<LibraryRoot> Roots(SearchEnvironment environment)
    {
        var roots = new List<LibraryRoot>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string origin, IEnumerable<string> folders)
        {
            var list = folders.Where(f => f.Length > 0 && Directory.Exists(f)).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
            if (list.Count > 0 && seen.Add(string.Join(':', list))) roots.Add(new LibraryRoot(origin, list));
        }

        Add(PathVariable, SearchEnvironment.Split(environment.CudaPath));
        Add("LD_LIBRARY_PATH", SearchEnvironment.Split(environment.LoaderPath));
        foreach (var (prefix, kind) in ActivePrefixes(environment)) AddEnvironment(prefix, kind);
        Add("the CUDA toolkit and system libraries", [Toolkit, System]);
        foreach (var (prefix, kind) in OtherPrefixes(environment)) AddEnvironment(prefix, kind);
        return roots;

        void AddEnvironment(string prefix, string kind)
        {
            foreach (var packages in SitePackages(prefix))
            {
                Add($"pip packages of {packages}", NvidiaLibFolders(packages));
            }
            if (kind == "conda") Add($"conda environment {prefix}", [Path.Combine(prefix, "lib")]);
        }
    }

    /// <summary>Where to look for one library when no root holds them all (and for the driver).</summary>
    public static IReadOnlyList<SearchLocation> Locations(SearchEnvironment environment)
    {
        var locations = new List<SearchLocation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void AddFolder(string folder, string origin)
        {
            if (folder.Length == 0) return;
            var full = Path.GetFullPath(folder);
            if (seen.Add(full)) locations.Add(new SearchLocation(full, origin));
        }

        foreach (var folder in SearchEnvironment.Split(environment.CudaPath)) AddFolder(folder, PathVariable);
        locations.Add(SearchLocation.Loader);
        AddFolder(Toolkit, "CUDA toolkit");
        AddFolder(System, "system libraries");
        foreach (var root in Roots(environment))
        {
            foreach (var folder in root.Folders) AddFolder(folder, root.Origin);
        }
        return locations;
    }

    /// <summary>The folders <c>MULTIMIX_CUDA_PATH</c> (<paramref name="value"/>, ':'-separated) names that do not exist; `multimix doctor` warns about each.</summary>
    public static IReadOnlyList<string> MissingFolders(string? value) =>
        [.. (value ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Where(f => !Directory.Exists(f))];

    /// <summary>The environment the user has activated: a virtual environment, a conda environment.</summary>
    private static IEnumerable<(string Prefix, string Kind)> ActivePrefixes(SearchEnvironment environment)
    {
        if (!string.IsNullOrEmpty(environment.VirtualEnv)) yield return (environment.VirtualEnv, "venv");
        if (!string.IsNullOrEmpty(environment.CondaPrefix)) yield return (environment.CondaPrefix, "conda");
    }

    /// <summary>Python installations that are not active but may hold pip or conda CUDA libraries.</summary>
    private static IEnumerable<(string Prefix, string Kind)> OtherPrefixes(SearchEnvironment environment)
    {
        // A python3 on PATH lives in <prefix>/bin; its packages are under <prefix>/lib.
        foreach (var bin in SearchEnvironment.Split(environment.ExecutablePath))
        {
            if (File.Exists(Path.Combine(bin, "python3")) && Path.GetDirectoryName(Path.GetFullPath(bin)) is { } prefix)
            {
                yield return (prefix, Directory.Exists(Path.Combine(prefix, "conda-meta")) ? "conda" : "venv");
            }
        }
        foreach (var name in new[] { ".venv", "venv" })
        {
            foreach (var folder in SafeDirectories("/opt", "*")) yield return (Path.Combine(folder, name), "venv");
            if (environment.Home.Length > 0) yield return (Path.Combine(environment.Home, name), "venv");
        }
        var condaBases = new List<string> { "/opt/conda" };
        if (environment.Home.Length > 0) condaBases.AddRange(new[] { "miniconda3", "anaconda3", "miniforge3" }.Select(n => Path.Combine(environment.Home, n)));
        foreach (var conda in condaBases)
        {
            yield return (conda, "conda");
            foreach (var env in SafeDirectories(Path.Combine(conda, "envs"), "*")) yield return (env, "conda");
        }
        if (environment.Home.Length > 0) yield return (Path.Combine(environment.Home, ".local"), "venv");
        yield return ("/usr/local", "venv");
        yield return ("/usr", "venv");
    }

    /// <summary>The <c>lib/python3.*/site-packages</c> (and dist-packages) folders of a prefix.</summary>
    private static IEnumerable<string> SitePackages(string prefix)
    {
        foreach (var python in SafeDirectories(Path.Combine(prefix, "lib"), "python3*"))
        {
            foreach (var packages in new[] { "site-packages", "dist-packages" })
            {
                var folder = Path.Combine(python, packages);
                if (Directory.Exists(Path.Combine(folder, "nvidia"))) yield return folder;
            }
        }
    }

    /// <summary>Every <c>nvidia/*/lib</c> folder of a site-packages (cu13/lib holds NVRTC and cuBLAS of CUDA 13, cudnn/lib cuDNN).</summary>
    private static IEnumerable<string> NvidiaLibFolders(string sitePackages) =>
        SafeDirectories(Path.Combine(sitePackages, "nvidia"), "*").Select(p => Path.Combine(p, "lib")).Where(Directory.Exists);

    private static IEnumerable<string> SafeDirectories(string folder, string pattern)
    {
        if (!Directory.Exists(folder)) return [];
        try
        {
            return Directory.GetDirectories(folder, pattern).Order(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
