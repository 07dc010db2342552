namespace MultiMix.Train.Data;

/// <summary>
/// Kermany et al. pediatric pneumonia: <c>chest_xray/{train,val,test}/{NORMAL,PNEUMONIA}/*.jpeg</c> (class
/// folders matched in any case). Label 0 is NORMAL, 1 is PNEUMONIA.
/// </summary>
public static class KermanyDataset
{
    public static IReadOnlyList<string> ClassNames => ClassFolders.Default;

    /// <param name="root">The <c>chest_xray</c> folder, or a folder that contains it.</param>
    /// <param name="split">train, val or test.</param>
    public static FileClassificationSource Open(string root, string split)
    {
        DataFolder.Require(root, "Kermany root");
        var nested = Path.Combine(root, "chest_xray");
        var baseFolder = Directory.Exists(Path.Combine(nested, split)) ? nested : root;
        var splitFolder = Path.Combine(baseFolder, split);
        DataFolder.Require(splitFolder, $"Kermany '{split}' split");

        var folders = ClassFolders.Find(splitFolder, ClassNames);
        var files = new List<LabeledFile>();
        for (var label = 0; label < folders.Count; label++)
        {
            foreach (var path in DataFolder.RequireImages(folders[label], $"Kermany class {ClassNames[label]}"))
            {
                files.Add(new LabeledFile(path, label));
            }
        }

        return new FileClassificationSource(files, ClassNames);
    }
}
