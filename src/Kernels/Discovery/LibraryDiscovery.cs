using System.Runtime.InteropServices;

namespace MultiMix.Kernels.Discovery;

/// <summary>The outcome of looking for one library: the loaded handle, where it came from and the companions loaded beside it, or why not.</summary>
internal sealed record LibraryProbe(CudaLibrary Library, string? Path, nint Handle, string? Reason, IReadOnlyList<string> Companions)
{
    public bool Found => Handle != 0;

    public override string ToString() => Found ? $"{LibraryNames.Display(Library)}: {Path}" : $"{LibraryNames.Display(Library)}: not found ({Reason})";
}

/// <summary>
/// Where the NVIDIA libraries of this process came from: the root that held NVRTC, cuBLAS and cuDNN together, or
/// null when none did and each was searched for on its own (then they may come from different CUDA releases); and
/// where libnccl.so.2 is for the NCCL binding (<see cref="NcclSearchPath"/>), null when no folder holds it.
/// </summary>
internal sealed record LibrarySet(LibraryRoot? Root, IReadOnlyList<LibraryProbe> Probes, string? NcclPath)
{
    public LibraryProbe this[CudaLibrary library] => Probes.Single(p => p.Library == library);
}

/// <summary>
/// Finds and loads the NVIDIA libraries: the driver on its own, the others from the first root
/// (<see cref="LibrarySearchPath.Roots"/>) that holds NVRTC, cuBLAS and cuDNN, else each from the first location
/// that loads it. Each is resolved once per process; handles stay loaded for the process's lifetime, as the bindings
/// resolve into them.
/// </summary>
internal static class LibraryDiscovery
{
    private static readonly Lock s_gate = new();
    private static LibraryProbe? s_driver;
    private static LibrarySet? s_toolkit;

    /// <summary>This process's probe of <paramref name="library"/>.</summary>
    public static LibraryProbe Probe(CudaLibrary library) => library == CudaLibrary.Driver ? Driver : Toolkit[library];

    /// <summary>The driver, searched along <see cref="LibrarySearchPath.Locations"/>.</summary>
    public static LibraryProbe Driver
    {
        get
        {
            lock (s_gate)
            {
                return s_driver ??= Search(LibraryNames.For(CudaLibrary.Driver), LibrarySearchPath.Locations(SearchEnvironment.FromProcess()));
            }
        }
    }

    /// <summary>NVRTC, cuBLAS and cuDNN as this process loaded them, and where NCCL is.</summary>
    public static LibrarySet Toolkit
    {
        get
        {
            lock (s_gate)
            {
                return s_toolkit ??= Resolve(SearchEnvironment.FromProcess());
            }
        }
    }

    /// <summary>Loads the toolkit libraries for <paramref name="environment"/>: from one root if one holds them all.</summary>
    public static LibrarySet Resolve(SearchEnvironment environment)
    {
        var root = ChooseRoot(environment);
        var fallback = root is null ? LibrarySearchPath.Locations(environment) : null;
        var probes = LibraryNames.Toolkit.Select(library =>
        {
            var names = LibraryNames.For(library);
            return root is not null ? Search(names, [.. root.Folders.Select(f => new SearchLocation(f, root.Origin))]) : Search(names, fallback!);
        }).ToList();
        var nccl = NcclSearchPath.Folders(environment).OfType<string>().Select(f => Path.Combine(f, "libnccl.so.2")).FirstOrDefault(File.Exists);
        return new LibrarySet(root, probes, nccl);
    }

    /// <summary>The first root that holds NVRTC, cuBLAS and cuDNN, or null (only file names are checked; nothing is loaded).</summary>
    public static LibraryRoot? ChooseRoot(SearchEnvironment environment) => LibrarySearchPath.Roots(environment).FirstOrDefault(HoldsAll);

    /// <summary>Whether every library of <see cref="LibraryNames.RootLibraries"/> has a file in the root.</summary>
    public static bool HoldsAll(LibraryRoot root) =>
        LibraryNames.RootLibraries.All(library => LibraryNames.For(library).Files.Any(file => root.Folders.Any(folder => File.Exists(Path.Combine(folder, file.Name)))));

    /// <summary>
    /// Tries each location in order and, in it, each file name in order; the first that loads wins. Before loading
    /// from a folder, the file's companions in that folder are loaded, so the library's own bare-name opens find
    /// them there.
    /// </summary>
    public static LibraryProbe Search(LibraryNames names, IReadOnlyList<SearchLocation> locations)
    {
        var failures = new List<string>();
        foreach (var location in locations)
        {
            foreach (var file in names.Files)
            {
                if (location.Folder is null)
                {
                    if (NativeLibrary.TryLoad(file.Name, out var found)) return new LibraryProbe(names.Library, $"{file.Name} (via {location.Origin})", found, null, []);
                    continue;
                }
                var path = Path.Combine(location.Folder, file.Name);
                if (!File.Exists(path)) continue;
                var companions = PreloadCompanions(location.Folder, file.Companions);
                try
                {
                    return new LibraryProbe(names.Library, path, NativeLibrary.Load(path), null, companions);
                }
                catch (DllNotFoundException e)
                {
                    failures.Add($"{path} exists but did not load ({LoaderError(e)})");
                }
            }
        }
        var tried = string.Join(", ", names.Files.Select(f => f.Name));
        var reason = failures.Count > 0
            ? string.Join("; ", failures)
            : $"none of {tried} in {string.Join(", ", locations.Select(l => l.Folder ?? l.Origin))}";
        return new LibraryProbe(names.Library, null, 0, reason, []);
    }

    /// <summary>The dynamic loader's own reason (dlerror), the last line of .NET's message, e.g. "/x/libcuda.so.1: file too short".</summary>
    private static string LoaderError(DllNotFoundException e) =>
        e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.Message;

    /// <summary>
    /// Loads every file in <paramref name="folder"/> matching the patterns, in passes until no more load (a
    /// companion that needs another loads once that one has); returns the file names loaded.
    /// </summary>
    public static IReadOnlyList<string> PreloadCompanions(string folder, IReadOnlyList<string> patterns)
    {
        // A version link and its target are one library: keep one path per target.
        var pending = patterns.SelectMany(p => Directory.GetFiles(folder, p))
            .Order(StringComparer.Ordinal)
            .DistinctBy(p => File.ResolveLinkTarget(p, returnFinalTarget: true)?.FullName ?? p, StringComparer.Ordinal)
            .ToList();
        var loaded = new List<string>();
        var progress = true;
        while (pending.Count > 0 && progress)
        {
            progress = false;
            foreach (var path in pending.ToList())
            {
                if (!NativeLibrary.TryLoad(path, out _)) continue;
                loaded.Add(Path.GetFileName(path));
                pending.Remove(path);
                progress = true;
            }
        }
        return loaded;
    }
}
