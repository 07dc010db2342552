namespace MultiMix.Train.Data;

/// <summary>Creates the folder a command writes to (its --out), or says in one line, naming --out, why it cannot.</summary>
public static class OutputFolder
{
    /// <summary>Creates <paramref name="path"/> (and its parents) and checks a file can be written in it; returns its full path.</summary>
    public static string Create(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                throw new DataException($"--out {path}: this is a file, not a folder");
            }

            if (FirstFileAbove(full) is { } file)
            {
                throw new DataException($"--out {path}: cannot create the folder: {file} is a file, not a folder");
            }

            try
            {
                Directory.CreateDirectory(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DataException($"--out {path}: cannot create this folder ({Reason(e)})", e);
            }

            using (new FileStream(Path.Combine(full, $".multimix-write-check.{Environment.ProcessId}"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new DataException($"--out {path}: cannot write files in this folder ({Reason(e)})", e);
        }
    }

    private static string Reason(Exception e) => e is UnauthorizedAccessException ? "permission denied" : e.Message;

    private static string? FirstFileAbove(string full)
    {
        for (var folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(folder)) return folder;
            if (Directory.Exists(folder)) return null;
        }

        return null;
    }
}
