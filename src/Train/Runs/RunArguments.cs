using System.Text.Json;
using System.Text.Json.Nodes;

namespace MultiMix.Train.Runs;

/// <summary>
/// A training run's whole configuration as the train options that reproduce it (option name → value, in the
/// order of `multimix train --help`; paths absolute). It is stored in every checkpoint under
/// <see cref="MetadataKey"/>, so a resume reads it back and `multimix info` and the report show it.
/// </summary>
public static class RunArguments
{
    public const string MetadataKey = "run.arguments";

    public static string ToJson(IReadOnlyList<KeyValuePair<string, string>> arguments)
    {
        var json = new JsonObject();
        foreach (var (name, value) in arguments) json[name] = value;
        return json.ToJsonString();
    }

    /// <summary>The arguments a checkpoint's metadata holds, or null when it holds none (older checkpoints, PyTorch exports) or they are unreadable.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Read(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(MetadataKey, out var text)) return null;
        try
        {
            return JsonNode.Parse(text) is JsonObject json
                ? [.. json.Select(p => new KeyValuePair<string, string>(p.Key, p.Value?.GetValue<string>() ?? ""))]
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>"multimix train --variant multimix --width 16 …" (<see cref="Format"/>).</summary>
    public static string CommandLine(string command, IEnumerable<KeyValuePair<string, string>> arguments) => $"multimix {command} {Format(arguments)}";

    /// <summary>"--variant multimix --width 16", values with spaces or quotes quoted for a POSIX shell.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> arguments) =>
        string.Join(' ', arguments.SelectMany(a => new[] { a.Key, Quote(a.Value) }));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./,:=+@%".Contains(c)) ? value : $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
