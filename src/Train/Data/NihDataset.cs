namespace MultiMix.Train.Data;

/// <summary>
/// NIH ChestX-ray14: PNG images anywhere below an image folder (the release splits them over
/// <c>images_###/images/</c>) and <c>Data_Entry_2017.csv</c>. A row whose <c>Finding Labels</c>
/// (<c>|</c>-separated) contains <c>Pneumonia</c> is label 1, a row that is exactly <c>No Finding</c> is label 0,
/// every other row is excluded. Rows whose image is not on disk are skipped, since users often hold a subset.
/// </summary>
public static class NihDataset
{
    public const string CsvName = "Data_Entry_2017.csv";

    public static IReadOnlyList<string> ClassNames { get; } = ["No Finding", "Pneumonia"];

    public static FileClassificationSource Open(string imageFolder, string csvPath)
    {
        DataFolder.Require(imageFolder, "NIH image");
        var table = CsvTable.Read(csvPath);
        var imageColumn = table.Column("Image Index");
        var findingColumn = table.Column("Finding Labels");

        var onDisk = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in DataFolder.ImagesBelow(imageFolder))
        {
            onDisk.TryAdd(Path.GetFileName(file), file);
        }

        var files = new List<LabeledFile>();
        var labeledRows = 0;
        foreach (var row in table.Rows)
        {
            if (row.Length <= Math.Max(imageColumn, findingColumn))
            {
                throw DataException.ForPath(csvPath, $"row '{string.Join(',', row)}' has too few columns");
            }

            var label = LabelOf(row[findingColumn]);
            if (label < 0)
            {
                continue;
            }

            labeledRows++;
            if (onDisk.TryGetValue(row[imageColumn].Trim(), out var path))
            {
                files.Add(new LabeledFile(path, label));
            }
        }

        if (files.Count == 0)
        {
            throw DataException.ForPath(imageFolder, $"none of the {labeledRows} pneumonia/no-finding images listed in {csvPath} are in this folder");
        }

        return new FileClassificationSource(files, ClassNames);
    }

    /// <summary>1 for a finding list containing Pneumonia, 0 for exactly "No Finding", −1 otherwise.</summary>
    public static int LabelOf(string findings)
    {
        var parts = findings.Split('|', StringSplitOptions.TrimEntries);
        if (parts.Contains("Pneumonia", StringComparer.Ordinal))
        {
            return 1;
        }

        return parts is ["No Finding"] ? 0 : -1;
    }
}
