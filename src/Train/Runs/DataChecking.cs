using System.Globalization;
using MultiMix.Train.Data;

namespace MultiMix.Train.Runs;

/// <summary>
/// Checks every file a run will read before it starts (<see cref="DataCheck"/>), with a progress line for big
/// sets; prints the warnings (capped) and refuses the run with every problem listed when there is any.
/// </summary>
public static class DataChecking
{
    /// <summary>At most this many warnings are printed, then a count of the rest.</summary>
    public const int ShownWarnings = 10;

    /// <summary>Checks <paramref name="sets"/> (the sets the run reads); a refusal ends with <paramref name="nothingDone"/>, e.g. "nothing was trained".</summary>
    public static void Run(IEnumerable<IDataItems> sets, string nothingDone, RunConsole console, CancellationToken cancel)
    {
        var result = DataCheck.Run(sets, (done, total) => console.Status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Checking the data: {done:N0} of {total:N0} items...")), cancel);
        foreach (var warning in result.Warnings.Take(ShownWarnings)) console.Status.WriteLine($"warning: {warning}");
        if (result.Warnings.Count > ShownWarnings)
        {
            console.Status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: … and {result.Warnings.Count - ShownWarnings} more like these"));
        }

        if (result.Problems.Count > 0)
        {
            var problems = result.Problems.Count == 1 ? "1 problem" : string.Create(CultureInfo.InvariantCulture, $"{result.Problems.Count} problems");
            throw new DataProblemsException([.. result.Problems.Select(p => p.Text)], string.Create(CultureInfo.InvariantCulture,
                $"{problems} in the data ({result.Items:N0} items checked); {nothingDone}."));
        }

        console.Status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Checked {result.Items:N0} items: all readable{(result.Warnings.Count > 0 ? $", {result.Warnings.Count} warning(s)" : "")}."));
    }
}
