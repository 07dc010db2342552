using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Data;

/// <summary>The check of every item before training: every item of every set is checked once, problems and warnings are kept apart, a file in two sets is reported once.</summary>
public sealed class DataCheckTests
{
    private sealed class Items(int count, Func<int, IReadOnlyList<DataIssue>> check) : IDataItems
    {
        public int Checked;

        public int Count => count;

        public IReadOnlyList<DataIssue> Check(int index)
        {
            Interlocked.Increment(ref Checked);
            return check(index);
        }
    }

    [Fact]
    public void Every_item_is_checked_and_issues_are_sorted_and_reported_once()
    {
        var a = new Items(50, i => i == 7 ? [new DataIssue("x.png: empty file (0 bytes)")] : i == 9 ? [DataIssue.Warning("m.png", "odd values")] : []);
        var b = new Items(30, i => i == 3 ? [new DataIssue("x.png: empty file (0 bytes)"), new DataIssue("y.png: truncated PNG")] : []);

        var result = DataCheck.Run([a, b]);

        Assert.Equal(80, result.Items);
        Assert.Equal(50, a.Checked);
        Assert.Equal(30, b.Checked);
        Assert.Equal(["x.png: empty file (0 bytes)", "y.png: truncated PNG"], result.Problems.Select(p => p.Text).Order(StringComparer.Ordinal));
        Assert.Equal("m.png: odd values", Assert.Single(result.Warnings).Text);
    }
}
