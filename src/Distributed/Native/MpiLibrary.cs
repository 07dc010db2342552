namespace MultiMix.Distributed.Native;

/// <summary>
/// Finds Open MPI's <c>libmpi.so.40</c> (the soname of Open MPI 3.0 to 5.x) once per process: the loader's path
/// first (mpirun's <c>--prefix</c> and modules set LD_LIBRARY_PATH), then <c>$OPAL_PREFIX/lib</c>, the <c>lib</c>
/// folder beside the <c>mpirun</c> on PATH, and the distributions' folders (Debian/Ubuntu, Fedora/RHEL,
/// /usr/local). The bindings need Open MPI itself: its handles are global objects (<see cref="MpiHandles"/>),
/// while MPICH-derived libraries use integer handles, so another MPI is refused by name, not misused.
/// </summary>
public static class MpiLibrary
{
    public const string FileName = "libmpi.so.40";

    /// <summary>The symbol that marks Open MPI (MPI_COMM_WORLD's object); MPICH has no such export.</summary>
    public const string OpenMpiMarker = "ompi_mpi_comm_world";

    private static readonly Lazy<SharedLibrary> s_library = new(() => SharedLibrary.Search("Open MPI", [FileName], Folders()));

    public static SharedLibrary Library => s_library.Value;

    /// <summary>Null when the library loaded and is Open MPI; otherwise why it cannot be used, in one sentence.</summary>
    public static string? Problem
    {
        get
        {
            var library = Library;
            if (!library.Found) return $"Open MPI's {FileName} was not found ({library.Reason})";
            return System.Runtime.InteropServices.NativeLibrary.TryGetExport(library.Handle, OpenMpiMarker, out _)
                ? null
                : $"{library.Path} is not Open MPI (it has no {OpenMpiMarker}); these bindings support Open MPI only";
        }
    }

    public static IEnumerable<string?> Folders()
    {
        yield return null;
        if (Environment.GetEnvironmentVariable("OPAL_PREFIX") is { Length: > 0 } prefix) yield return Path.Combine(prefix, "lib");
        foreach (var bin in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(bin, "mpirun")) && Path.GetDirectoryName(Path.GetFullPath(bin)) is { } root)
            {
                yield return Path.Combine(root, "lib");
            }
        }
        yield return "/usr/lib/x86_64-linux-gnu";
        yield return "/usr/lib64/openmpi/lib";
        yield return "/usr/local/lib";
    }
}
