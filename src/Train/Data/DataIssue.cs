namespace MultiMix.Train.Data;

/// <summary>Something wrong with a file of a data set, in one line that names the file: a problem stops the run, a warning is reported and the file used.</summary>
public sealed record DataIssue(string Text, bool IsWarning = false)
{
    public static DataIssue Problem(DataException e) => new(e.Message);

    public static DataIssue Warning(string path, string text) => new($"{path}: {text}", IsWarning: true);

    public override string ToString() => Text;
}
