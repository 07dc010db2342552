using MultiMix.Train.Metrics;

namespace MultiMix.Train.Reports;

/// <summary>
/// Everything the comparison report holds: a summary (key/value lines), notes (paragraphs), the table (one row
/// per variant over <see cref="Columns"/>), the per-seed rows, and each finished run's training history by
/// variant (for the per-epoch diagnostics charts, averaged over seeds).
/// </summary>
public sealed record CompareContent(
    string Title,
    IReadOnlyList<KeyValuePair<string, string>> Summary,
    IReadOnlyList<string> Notes,
    IReadOnlyList<CompareColumn> Columns,
    IReadOnlyList<CompareRow> Rows,
    IReadOnlyList<CompareSeedRow> SeedRows,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<IReadOnlyList<EpochRecord>>>> Histories);
