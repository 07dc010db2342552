using System.Text;
using System.Text.Json;
using MultiMix.Train.Data;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Training;

/// <summary>The per-epoch metrics as JSON lines, rewritten whole (atomically) after every epoch.</summary>
public sealed class MetricsLog(string path)
{
    private static readonly JsonSerializerOptions s_json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly List<EpochRecord> _records = [];

    public string Path { get; } = path;

    public IReadOnlyList<EpochRecord> Records => _records;

    /// <summary>Loads the records of epochs before <paramref name="untilEpoch"/> (resuming keeps the history).</summary>
    public void LoadExisting(int untilEpoch)
    {
        if (!File.Exists(Path)) return;
        foreach (var line in File.ReadLines(Path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var r = JsonSerializer.Deserialize<EpochRecord>(line, s_json);
            if (r is not null && r.Epoch <= untilEpoch) _records.Add(r);
        }
    }

    public void Append(EpochRecord record)
    {
        _records.Add(record);
        var text = new StringBuilder();
        foreach (var r in _records) text.AppendLine(JsonSerializer.Serialize(r, s_json));
        AtomicFile.WriteText(Path, text.ToString());
    }
}
