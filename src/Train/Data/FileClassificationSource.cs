namespace MultiMix.Train.Data;

/// <summary>A classification set backed by image files, one label per file.</summary>
public sealed class FileClassificationSource : IImageSource<ClassificationSample>
{
    private readonly IReadOnlyList<LabeledFile> _files;

    public FileClassificationSource(IReadOnlyList<LabeledFile> files, IReadOnlyList<string> classNames)
    {
        foreach (var file in files)
        {
            if (file.Label < 0 || file.Label >= classNames.Count)
            {
                throw new ArgumentException($"{file.Path}: label {file.Label} outside 0..{classNames.Count - 1}", nameof(files));
            }
        }

        _files = files;
        ClassNames = classNames;
    }

    public int Count => _files.Count;

    /// <summary>Class names in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<LabeledFile> Files => _files;

    public ClassificationSample Load(int index, int size)
    {
        var file = _files[index];
        return new ClassificationSample(ImageFile.Load(file.Path, size, size), file.Label);
    }

    public string ItemName(int index) => _files[index].Path;

    public IReadOnlyList<DataIssue> Check(int index)
    {
        try
        {
            ImageFile.Inspect(_files[index].Path);
            return [];
        }
        catch (DataException e)
        {
            return [DataIssue.Problem(e)];
        }
    }
}
