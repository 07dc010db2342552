namespace MultiMix.Train.Data;

/// <summary>
/// Generic classification layout: one subfolder per class holding its images; the class index is the
/// folder's position in ordinal name order.
/// </summary>
public static class FolderClassificationDataset
{
    public static FileClassificationSource Open(string root)
    {
        DataFolder.Require(root, "classification root");
        var classFolders = DataFolder.Subfolders(root);
        if (classFolders.Length == 0)
        {
            throw DataException.ForPath(root, "classification root has no class folders");
        }

        var files = new List<LabeledFile>();
        var names = new List<string>();
        for (var label = 0; label < classFolders.Length; label++)
        {
            var name = Path.GetFileName(classFolders[label]);
            names.Add(name);
            foreach (var path in DataFolder.RequireImages(classFolders[label], $"class '{name}'"))
            {
                files.Add(new LabeledFile(path, label));
            }
        }

        return new FileClassificationSource(files, names);
    }
}
