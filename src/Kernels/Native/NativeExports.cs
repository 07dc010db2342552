using System.Runtime.InteropServices;

namespace MultiMix.Kernels.Native;

/// <summary>Picks, among entry points that replaced one another across releases, the newest a loaded library exports.</summary>
internal static class NativeExports
{
    /// <summary>The first of <paramref name="names"/> that <paramref name="library"/> exports, with its address.</summary>
    public static (string Name, nint Address) First(nint library, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryGetExport(library, name, out var address)) return (name, address);
        }
        throw new EntryPointNotFoundException($"the library exports none of {string.Join(", ", names)}");
    }
}
