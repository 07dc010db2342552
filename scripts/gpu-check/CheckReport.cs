using System.Text;
using System.Text.Json;

namespace MultiMix.GpuCheck;

/// <summary>One result of the GPU check: what was checked, what was expected, what came out, and whether it passed.</summary>
public sealed record CheckRow(string Part, string Check, string Expected, string Got, bool Pass);

/// <summary>
/// The GPU check's results: one markdown table (check, expected, got, pass) and the same rows as JSON, written to
/// the output folder as results.md and results.json; and the exit status, the failure count capped so that it never
/// wraps to 0 (an exit status is taken modulo 256).
/// </summary>
public sealed class CheckReport
{
    /// <summary>The largest exit status: any count of failures from this one on exits with it.</summary>
    public const int MaxExitCode = 100;

    private readonly List<CheckRow> _rows = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<CheckRow> Rows
    {
        get
        {
            lock (_gate) return [.. _rows];
        }
    }

    public int Failures => Rows.Count(r => !r.Pass);

    public int ExitCode => ExitCodeFor(Failures);

    public static int ExitCodeFor(int failures) => Math.Clamp(failures, 0, MaxExitCode);

    public void Add(CheckRow row)
    {
        lock (_gate) _rows.Add(row);
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        text.Append("| check | expected | got | pass |\n|---|---|---|---|\n");
        foreach (var r in Rows)
        {
            text.Append("| ").Append(Cell($"{r.Part}: {r.Check}")).Append(" | ").Append(Cell(r.Expected)).Append(" | ").Append(Cell(r.Got))
                .Append(" | ").Append(r.Pass ? "yes" : "**no**").Append(" |\n");
        }
        text.Append('\n').Append(Failures == 0 ? $"All {Rows.Count} checks passed." : $"{Failures} of {Rows.Count} checks failed.").Append('\n');
        return text.ToString();
    }

    /// <summary>{"failures": n, "checks": [{"part", "check", "expected", "got", "pass"}, …]}, written without reflection (the bundle is trimmed).</summary>
    public string Json()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("failures", Failures);
            json.WriteStartArray("checks");
            foreach (var r in Rows)
            {
                json.WriteStartObject();
                json.WriteString("part", r.Part);
                json.WriteString("check", r.Check);
                json.WriteString("expected", r.Expected);
                json.WriteString("got", r.Got);
                json.WriteBoolean("pass", r.Pass);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes results.md and results.json into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "results.md"), Markdown());
        File.WriteAllText(Path.Combine(folder, "results.json"), Json());
    }

    /// <summary>A table cell: one line, pipes escaped.</summary>
    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
