using System.Runtime.InteropServices;

namespace MultiMix.Train.Data;

/// <summary>
/// The canonical path of an existing file or folder: absolute, with every link resolved (POSIX realpath), so two
/// names of one folder compare equal. Where the platform has no realpath, the full path.
/// </summary>
internal static partial class RealPath
{
    public static string Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.GetFullPath(path);
        }

        var resolved = Resolve(path, 0);
        if (resolved == 0)
        {
            return Path.GetFullPath(path);
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? Path.GetFullPath(path);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Resolve(string path, nint buffer);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
