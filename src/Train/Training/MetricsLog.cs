using System.Globalization;
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

    /// <summary>
    /// The records of epochs 1..<paramref name="untilEpoch"/> in a log file (empty when there is none). A line
    /// that is not a metrics record is refused naming the file and the line.
    /// </summary>
    public static IReadOnlyList<EpochRecord> Read(string file, int untilEpoch)
    {
        if (!File.Exists(file)) return [];
        var records = new List<EpochRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            EpochRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<EpochRecord>(line, s_json);
            }
            catch (JsonException e)
            {
                throw DataException.ForPath(file, string.Create(CultureInfo.InvariantCulture,
                    $"line {number} is not a metrics record ({e.Message}); repair or delete the file (a resumed run then starts its history at the epoch it resumes from)"));
            }

            if (record is null || record.Epoch < 1)
            {
                throw DataException.ForPath(file, string.Create(CultureInfo.InvariantCulture, $"line {number} is not a metrics record (no epoch); repair or delete the file"));
            }

            if (record.Epoch <= untilEpoch) records.Add(record);
        }

        return records;
    }

    /// <summary>Starts the log with earlier epochs' records (resuming keeps the history); nothing is written until the next <see cref="Append"/>.</summary>
    public void Continue(IEnumerable<EpochRecord> earlier) => _records.AddRange(earlier);

    /// <summary>Adds a record and rewrites the file.</summary>
    public void Append(EpochRecord record)
    {
        Add(record);
        Write();
    }

    /// <summary>Adds a record in memory only (a data-parallel rank that does not write files keeps the history too).</summary>
    public void Add(EpochRecord record) => _records.Add(record);

    /// <summary>Rewrites the file with every record (atomically).</summary>
    public void Write()
    {
        var text = new StringBuilder();
        foreach (var r in _records) text.AppendLine(JsonSerializer.Serialize(r, s_json));
        AtomicFile.WriteText(Path, text.ToString());
    }
}
