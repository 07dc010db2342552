using System.Runtime.InteropServices;

namespace MultiMix.Kernels.Discovery;

/// <summary>The outcome of looking for one library: the loaded handle and where it came from, or why not.</summary>
public sealed record LibraryProbe(CudaLibrary Library, string? Path, nint Handle, string? Reason)
{
    public bool Found => Handle != 0;

    public override string ToString() => Found ? $"{Library}: {Path}" : $"{Library}: not found ({Reason})";
}

/// <summary>
/// Finds and loads the NVIDIA libraries (<see cref="LibrarySearchPath"/> gives the order). Each library is probed
/// once per process; the handle stays loaded for the process's lifetime, as the bindings resolve into it.
/// </summary>
public static class LibraryDiscovery
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<CudaLibrary, LibraryProbe> s_probes = [];

    public static LibraryProbe Probe(CudaLibrary library)
    {
        lock (s_gate)
        {
            if (!s_probes.TryGetValue(library, out var probe))
            {
                probe = Search(LibraryNames.For(library), LibrarySearchPath.Locations());
                s_probes[library] = probe;
            }
            return probe;
        }
    }

    /// <summary>Probes all four libraries.</summary>
    public static IReadOnlyList<LibraryProbe> ProbeAll() => [.. Enum.GetValues<CudaLibrary>().Select(Probe)];

    /// <summary>Tries each location in order and, in it, each file name in order; the first that loads wins.</summary>
    public static LibraryProbe Search(LibraryNames names, IReadOnlyList<SearchLocation> locations)
    {
        var failures = new List<string>();
        foreach (var location in locations)
        {
            foreach (var fileName in names.FileNames)
            {
                var path = location.Folder is null ? fileName : System.IO.Path.Combine(location.Folder, fileName);
                if (location.Folder is not null && !File.Exists(path)) continue;
                if (location.Folder is null)
                {
                    if (NativeLibrary.TryLoad(path, out var found)) return new LibraryProbe(names.Library, $"{fileName} (via {location.Origin})", found, null);
                    continue;
                }
                PreloadCompanions(location.Folder, names.Companions);
                try
                {
                    return new LibraryProbe(names.Library, path, NativeLibrary.Load(path), null);
                }
                catch (DllNotFoundException e)
                {
                    failures.Add($"{path} exists but did not load ({LoaderError(e)})");
                }
            }
        }
        var tried = string.Join(", ", names.FileNames);
        var reason = failures.Count > 0
            ? string.Join("; ", failures)
            : $"none of {tried} in {string.Join(", ", locations.Select(l => l.Folder ?? l.Origin))}";
        return new LibraryProbe(names.Library, null, 0, reason);
    }

    /// <summary>The dynamic loader's own reason (dlerror), the last line of .NET's message, e.g. "/x/libcuda.so.1: file too short".</summary>
    private static string LoaderError(DllNotFoundException e) =>
        e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.Message;

    private static void PreloadCompanions(string folder, IReadOnlyList<string> companions)
    {
        foreach (var companion in companions)
        {
            var path = System.IO.Path.Combine(folder, companion);
            if (File.Exists(path)) NativeLibrary.TryLoad(path, out _);
        }
    }
}
