namespace MultiMix.Kernels.Discovery;

/// <summary>Where a library is looked for: a folder, or the dynamic loader's own search (no folder).</summary>
public sealed record SearchLocation(string? Folder, string Origin)
{
    public static SearchLocation Loader { get; } = new(null, "the loader's default path");
}

/// <summary>
/// The folders searched for NVIDIA libraries, in order: <c>MULTIMIX_CUDA_PATH</c> (':'-separated), the loader's
/// default path, <c>/usr/local/cuda/lib64</c>, <c>/usr/lib/x86_64-linux-gnu</c>, then the <c>nvidia/*/lib</c>
/// folders of Python environments where CUDA came with pip (found from well-known prefixes, the virtual or
/// conda environment, and the python3 executables on PATH; no process is spawned).
/// </summary>
public static class LibrarySearchPath
{
    public const string PathVariable = "MULTIMIX_CUDA_PATH";

    public static IReadOnlyList<SearchLocation> Locations()
    {
        var locations = new List<SearchLocation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void AddFolder(string folder, string origin)
        {
            if (folder.Length == 0) return;
            var full = Path.GetFullPath(folder);
            if (seen.Add(full)) locations.Add(new SearchLocation(full, origin));
        }

        foreach (var folder in (Environment.GetEnvironmentVariable(PathVariable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            AddFolder(folder, PathVariable);
        }
        locations.Add(SearchLocation.Loader);
        AddFolder("/usr/local/cuda/lib64", "CUDA toolkit");
        AddFolder("/usr/lib/x86_64-linux-gnu", "system libraries");
        foreach (var folder in PipNvidiaFolders())
        {
            AddFolder(folder, "pip nvidia package");
        }
        return locations;
    }

    /// <summary>The folders <c>MULTIMIX_CUDA_PATH</c> (<paramref name="value"/>, ':'-separated) names that do not exist; `multimix doctor` warns about each.</summary>
    public static IReadOnlyList<string> MissingFolders(string? value) =>
        [.. (value ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Where(f => !Directory.Exists(f))];

    /// <summary>Every <c>site-packages/nvidia/*/lib</c> (or dist-packages) folder under the known Python prefixes.</summary>
    public static IEnumerable<string> PipNvidiaFolders()
    {
        foreach (var libFolder in PythonLibFolders())
        {
            foreach (var python in SafeDirectories(libFolder, "python3*"))
            {
                foreach (var packages in new[] { "site-packages", "dist-packages" })
                {
                    foreach (var lib in SafeDirectories(Path.Combine(python, packages, "nvidia"), "*").Select(p => Path.Combine(p, "lib")))
                    {
                        if (Directory.Exists(lib)) yield return lib;
                    }
                }
            }
        }
    }

    /// <summary>Folders holding <c>python3.X</c> directories: system, local, user, virtual/conda env, PATH.</summary>
    private static IEnumerable<string> PythonLibFolders()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var prefixes = new List<string> { "/usr", "/usr/local", "/opt/conda" };
        if (home.Length > 0) prefixes.Add(Path.Combine(home, ".local"));
        foreach (var variable in new[] { "VIRTUAL_ENV", "CONDA_PREFIX" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(value)) prefixes.Add(value);
        }
        // A python3 on PATH lives in <prefix>/bin; its packages are under <prefix>/lib.
        foreach (var bin in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(bin, "python3")) && Path.GetDirectoryName(Path.GetFullPath(bin)) is { } prefix)
            {
                prefixes.Add(prefix);
            }
        }
        return prefixes.Select(p => Path.Combine(p, "lib")).Distinct(StringComparer.Ordinal);
    }

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
