namespace MultiMix.Train.Data;

/// <summary>
/// Folder checks and image listings that fail with a <see cref="DataException"/> naming the folder. Hidden
/// entries (names starting with '.', such as <c>.ipynb_checkpoints/</c> or macOS <c>._x.png</c> files) are never
/// listed. Links to files are listed as the files; links to folders are followed only by
/// <see cref="ImagesBelow"/>, which enters each folder once.
/// </summary>
public static class DataFolder
{
    public static void Require(string folder, string role)
    {
        if (!Directory.Exists(folder))
        {
            throw DataException.ForPath(folder, $"{role} folder not found");
        }
    }

    /// <summary>True for a name starting with '.' (hidden on Unix; also editors' and notebooks' own files).</summary>
    public static bool IsHidden(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(path)).StartsWith('.');

    /// <summary>Image files directly inside <paramref name="folder"/>, in ordinal name order.</summary>
    public static string[] Images(string folder)
    {
        var files = Directory.EnumerateFiles(folder).Where(f => !IsHidden(f) && ImageFile.HasImageExtension(f)).ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// Image files anywhere below <paramref name="folder"/>, in ordinal path order. Links to folders are followed,
    /// but a folder already entered (by its real path, so under any name or link) is not entered again: link
    /// loops such as <c>loop -&gt; ..</c> or <c>self -&gt; .</c> end, and no image is listed twice through them.
    /// Folders are entered depth first in ordinal order, so the path an image is listed under does not depend on
    /// the order the file system lists them.
    /// </summary>
    public static string[] ImagesBelow(string folder)
    {
        var files = new List<string>();
        var entered = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.TryPop(out var current))
        {
            if (!entered.Add(RealPath.Of(current))) continue;
            files.AddRange(Images(current));
            foreach (var sub in Subfolders(current).Reverse()) pending.Push(sub);
        }

        files.Sort(StringComparer.Ordinal);
        return [.. files];
    }

    /// <summary>Like <see cref="Images"/> but the folder must exist and hold at least one image.</summary>
    public static string[] RequireImages(string folder, string role)
    {
        Require(folder, role);
        var files = Images(folder);
        if (files.Length == 0)
        {
            throw DataException.ForPath(folder, $"{role} folder has no images ({string.Join('/', ImageFile.Extensions)})");
        }

        return files;
    }

    /// <summary>Subfolders that are not hidden, in ordinal name order.</summary>
    public static string[] Subfolders(string folder)
    {
        var dirs = Directory.GetDirectories(folder).Where(d => !IsHidden(d)).ToArray();
        Array.Sort(dirs, StringComparer.Ordinal);
        return dirs;
    }

    /// <summary>Files in <paramref name="folder"/> keyed by name without extension (case-insensitive).</summary>
    public static Dictionary<string, string> ImagesByStem(string folder)
    {
        var byStem = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Images(folder))
        {
            byStem.TryAdd(Path.GetFileNameWithoutExtension(file), file);
        }

        return byStem;
    }
}
