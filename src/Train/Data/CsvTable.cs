namespace MultiMix.Train.Data;

/// <summary>
/// A comma-separated file with a header row (RFC 4180 quoting: fields in double quotes may hold commas and
/// doubled quotes). Enough for the NIH metadata file; no multi-line fields.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string path, Dictionary<string, int> columns, List<string[]> rows)
    {
        Path = path;
        _columns = columns;
        Rows = rows;
    }

    public string Path { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw DataException.ForPath(path, "csv file not found");
        }

        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw DataException.ForPath(path, "csv file is empty");
        var names = SplitLine(header.TrimStart('\uFEFF'));
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            columns.TryAdd(names[i].Trim(), i);
        }

        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                rows.Add(SplitLine(line));
            }
        }

        return new CsvTable(path, columns, rows);
    }

    /// <summary>The index of a header column; a missing column is a <see cref="DataException"/>.</summary>
    public int Column(string name) =>
        _columns.TryGetValue(name, out var index)
            ? index
            : throw DataException.ForPath(Path, $"csv has no '{name}' column");

    public static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
