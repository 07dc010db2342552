namespace MultiMix.Train.Data;

/// <summary>Folder checks and image listings that fail with a <see cref="DataException"/> naming the folder.</summary>
public static class DataFolder
{
    public static void Require(string folder, string role)
    {
        if (!Directory.Exists(folder))
        {
            throw DataException.ForPath(folder, $"{role} folder not found");
        }
    }

    /// <summary>Image files directly inside <paramref name="folder"/>, in ordinal name order.</summary>
    public static string[] Images(string folder, SearchOption search = SearchOption.TopDirectoryOnly)
    {
        var files = Directory.EnumerateFiles(folder, "*", search).Where(ImageFile.HasImageExtension).ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Like <see cref="Images"/> but the folder must exist and hold at least one image.</summary>
    public static string[] RequireImages(string folder, string role, SearchOption search = SearchOption.TopDirectoryOnly)
    {
        Require(folder, role);
        var files = Images(folder, search);
        if (files.Length == 0)
        {
            throw DataException.ForPath(folder, $"{role} folder has no images ({string.Join('/', ImageFile.Extensions)})");
        }

        return files;
    }

    /// <summary>Subfolders in ordinal name order.</summary>
    public static string[] Subfolders(string folder)
    {
        var dirs = Directory.GetDirectories(folder);
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
