using System.Diagnostics;

namespace MultiMix.Train.Data;

/// <summary>
/// Checks every item of every named set before anything is trained or evaluated (<see cref="IDataItems.Check"/>:
/// files present and complete, headers readable, masks decodable and of the right size), in parallel, and
/// collects every problem and warning, so broken data is reported all at once and never found after hours of
/// training. A file used by several sets is reported once.
/// </summary>
public static class DataCheck
{
    /// <summary>The outcome: how many items were checked, the problems (each stops the run) and the warnings.</summary>
    public sealed record Result(int Items, IReadOnlyList<DataIssue> Problems, IReadOnlyList<DataIssue> Warnings);

    /// <summary>Checks every item; <paramref name="progress"/> (items done, items in all) is called at most every two seconds while it runs.</summary>
    public static Result Run(IEnumerable<IDataItems> sets, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var items = sets.SelectMany(set => Enumerable.Range(0, set.Count).Select(i => (Set: set, Index: i))).ToArray();
        var issues = new IReadOnlyList<DataIssue>[items.Length];
        var done = 0;
        var clock = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        var gate = new Lock();
        Parallel.For(0, items.Length, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            issues[i] = items[i].Set.Check(items[i].Index);
            var finished = Interlocked.Increment(ref done);
            if (progress is null || clock.Elapsed - reported < TimeSpan.FromSeconds(2)) return;
            lock (gate)
            {
                if (clock.Elapsed - reported < TimeSpan.FromSeconds(2)) return;
                reported = clock.Elapsed;
                progress(finished, items.Length);
            }
        });
        var all = issues.SelectMany(i => i).Distinct().ToList();
        return new Result(items.Length, [.. all.Where(i => !i.IsWarning)], [.. all.Where(i => i.IsWarning)]);
    }
}
