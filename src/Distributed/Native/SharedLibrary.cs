using System.Runtime.InteropServices;

namespace MultiMix.Distributed.Native;

/// <summary>A library that was looked for: its handle and the file that loaded, or why none did.</summary>
public sealed record SharedLibrary(string Name, string? Path, nint Handle, string? Reason)
{
    public bool Found => Handle != 0;

    public override string ToString() => Found ? $"{Name}: {Path}" : $"{Name}: not found ({Reason})";

    /// <summary>
    /// Tries each candidate folder in order (null = the dynamic loader's own search: LD_LIBRARY_PATH, the cache)
    /// and, in it, each file name in order; the first file that loads wins. Nothing is cached here: the caller
    /// keeps the handle for the process's lifetime, as the bindings resolve into it.
    /// </summary>
    public static SharedLibrary Search(string name, IReadOnlyList<string> fileNames, IEnumerable<string?> folders)
    {
        var failures = new List<string>();
        var looked = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var key = folder is null ? "" : System.IO.Path.GetFullPath(folder);
            if (!seen.Add(key)) continue;
            looked.Add(folder is null ? "the loader's default path" : key);
            foreach (var fileName in fileNames)
            {
                var path = folder is null ? fileName : System.IO.Path.Combine(key, fileName);
                if (folder is not null && !File.Exists(path)) continue;
                if (NativeLibrary.TryLoad(path, out var handle))
                {
                    return new SharedLibrary(name, folder is null ? $"{fileName} (via the loader's default path)" : path, handle, null);
                }
                if (folder is not null) failures.Add($"{path} exists but did not load");
            }
        }
        var reason = failures.Count > 0
            ? string.Join("; ", failures)
            : $"none of {string.Join(", ", fileNames)} in {string.Join(", ", looked)}";
        return new SharedLibrary(name, null, 0, reason);
    }

    /// <summary>The address of an exported symbol (a function, or a global variable such as an MPI handle object).</summary>
    public nint Export(string symbol)
    {
        if (!Found) throw new DllNotFoundException(ToString());
        return NativeLibrary.TryGetExport(Handle, symbol, out var address)
            ? address
            : throw new EntryPointNotFoundException($"{Path} does not export {symbol}");
    }
}
