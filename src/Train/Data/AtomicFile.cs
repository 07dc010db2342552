using System.Text;

namespace MultiMix.Train.Data;

/// <summary>
/// Writes a file through a temporary file beside the target and a rename, so a reader never sees a half-written
/// file and an interrupted or failed write leaves the previous version intact.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>UTF-8 text without a byte-order mark.</summary>
    public static void WriteText(string path, string text) => Write(path, stream => stream.Write(s_utf8.GetBytes(text)));
}
