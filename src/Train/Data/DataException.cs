namespace MultiMix.Train.Data;

/// <summary>
/// Bad input data: a missing or empty folder, an unreadable image, a mask that does not fit its image. The
/// message is one line that names the file or folder and says what is wrong with it.
/// </summary>
public sealed class DataException : Exception
{
    public DataException()
    {
    }

    public DataException(string message)
        : base(OneLine(message))
    {
    }

    public DataException(string message, Exception innerException)
        : base(OneLine(message), innerException)
    {
    }

    public static DataException ForPath(string path, string problem) => new($"{path}: {problem}");

    public static DataException ForPath(string path, string problem, Exception innerException) =>
        new($"{path}: {problem}", innerException);

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
