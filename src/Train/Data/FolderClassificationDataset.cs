namespace MultiMix.Train.Data;

/// <summary>
/// Generic classification layout: one subfolder per class holding its images. The labels come from the folders'
/// names (<see cref="ClassFolders"/>): NORMAL is 0 and PNEUMONIA 1 unless other names are given.
/// </summary>
public static class FolderClassificationDataset
{
    public static FileClassificationSource Open(string root, IReadOnlyList<string>? classNames = null)
    {
        DataFolder.Require(root, "classification root");
        var names = classNames ?? ClassFolders.Default;
        var folders = ClassFolders.Find(root, names);
        var files = new List<LabeledFile>();
        for (var label = 0; label < folders.Count; label++)
        {
            foreach (var path in DataFolder.RequireImages(folders[label], $"class '{Path.GetFileName(folders[label])}'"))
            {
                files.Add(new LabeledFile(path, label));
            }
        }

        return new FileClassificationSource(files, names);
    }
}
