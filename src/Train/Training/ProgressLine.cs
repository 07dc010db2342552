using System.Diagnostics;
using System.Globalization;

namespace MultiMix.Train.Training;

/// <summary>
/// A live status line (epoch, step, loss terms, accuracy, Dice, ETA): redrawn in place on a terminal, one line
/// every few seconds when the output is a file or a pipe.
/// </summary>
public sealed class ProgressLine(TextWriter output, bool interactive, int totalSteps)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastPrinted = TimeSpan.MinValue;
    private int _done;

    public void Step(string status)
    {
        _done++;
        var elapsed = _clock.Elapsed;
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / _done * Math.Max(0, totalSteps - _done));
        var line = string.Create(CultureInfo.InvariantCulture, $"{status} | {_done}/{totalSteps} ETA {Format(eta)}");
        if (interactive)
        {
            output.Write("\r" + line.PadRight(Math.Min(200, line.Length + 2)));
        }
        else if (elapsed - _lastPrinted >= TimeSpan.FromSeconds(5) || _done == totalSteps)
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
