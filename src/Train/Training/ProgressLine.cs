using System.Diagnostics;
using System.Globalization;

namespace MultiMix.Train.Training;

/// <summary>
/// A live status line (epoch, step, loss terms, accuracy, Dice, ETA): redrawn in place on a terminal, one line
/// every few seconds when the output is a file or a pipe. Work is counted in units (a step, or a step's
/// images when runs of unequal step costs share the line); the ETA assumes the remaining units cost what the
/// done ones did; with <paramref name="percent"/> the line shows the share done rather than the counts.
/// </summary>
public sealed class ProgressLine(TextWriter output, bool interactive, long totalUnits, bool percent = false)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastPrinted;
    private long _done;

    public void Step(string status, long units = 1)
    {
        _done += units;
        var elapsed = _clock.Elapsed;
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / _done * Math.Max(0, totalUnits - _done));
        var done = percent ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * _done / Math.Max(1, totalUnits):F1}%") : string.Create(CultureInfo.InvariantCulture, $"{_done}/{totalUnits}");
        var line = $"{status} | {done} ETA {Format(eta)}";
        if (interactive)
        {
            output.Write("\r" + line.PadRight(Math.Min(200, line.Length + 2)));
        }
        else if (_lastPrinted is not { } last || elapsed - last >= TimeSpan.FromSeconds(5) || _done >= totalUnits)
        {
            output.WriteLine(line);
            _lastPrinted = elapsed;
        }
    }

    /// <summary>Ends the live line before a normal message is printed.</summary>
    public void Break()
    {
        if (interactive) output.WriteLine();
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
