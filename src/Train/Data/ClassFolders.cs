namespace MultiMix.Train.Data;

/// <summary>
/// Finds the two class folders of a classification folder by name: label 0 is the first name, label 1 the second
/// (by default NORMAL and PNEUMONIA), matched case-insensitively. Hidden folders are ignored; any other set of
/// folders is refused in one line naming what was found, so a missing or extra class never shifts the labels.
/// </summary>
public static class ClassFolders
{
    /// <summary>The default class folder names, label 0 then label 1.</summary>
    public static IReadOnlyList<string> Default { get; } = ["NORMAL", "PNEUMONIA"];

    /// <summary>The folder of each class in label order; <paramref name="names"/> are the two class names.</summary>
    public static IReadOnlyList<string> Find(string root, IReadOnlyList<string> names)
    {
        if (names.Count != 2)
        {
            throw new ArgumentException($"two class names are needed, got {names.Count}", nameof(names));
        }

        var found = DataFolder.Subfolders(root);
        var matched = names.Select(name => found.Where(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase)).ToList()).ToList();
        if (found.Length != 2 || matched.Any(m => m.Count != 1))
        {
            var listed = found.Length == 0 ? "no folders" : string.Join(", ", found.Select(Path.GetFileName));
            var custom = names.SequenceEqual(Default, StringComparer.Ordinal) ? "; name other classes with --classes NEG,POS" : "";
            throw DataException.ForPath(root, $"a classification folder needs exactly two class folders, {names[0]} and {names[1]} (any case){custom}; found: {listed}");
        }

        return [matched[0][0], matched[1][0]];
    }
}
