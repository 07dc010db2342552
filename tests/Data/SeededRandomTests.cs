using MultiMix.Train.Data;
using Xunit;

namespace MultiMix.Tests.Data;

public sealed class SeededRandomTests
{
    [Fact]
    public void SameSeedSameSequence()
    {
        var a = new SeededRandom(42);
        var b = new SeededRandom(42);
        var c = new SeededRandom(43);

        var first = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void NextIntCoversItsRangeUniformly()
    {
        var random = new SeededRandom(1);
        var counts = new int[9];
        for (var i = 0; i < 90_000; i++)
        {
            counts[random.NextInt(1, 10) - 1]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_400, 10_600));
    }

    [Fact]
    public void NextDoubleStaysInUnitInterval()
    {
        var random = new SeededRandom(2);
        var values = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()).ToArray();

        Assert.All(values, v => Assert.InRange(v, 0.0, 0.9999999999));
        Assert.InRange(values.Average(), 0.48, 0.52);
    }

    [Fact]
    public void DerivedSeedsDependOnEveryKey()
    {
        var seeds = new HashSet<ulong>
        {
            SeededRandom.Derive(1, 1, 0),
            SeededRandom.Derive(1, 0, 1),
            SeededRandom.Derive(1, 1, 1),
            SeededRandom.Derive(2, 1, 1),
            SeededRandom.Derive(1, 1),
        };

        Assert.Equal(5, seeds.Count);
        Assert.Equal(SeededRandom.Derive(7, 3, 4), SeededRandom.Derive(7, 3, 4));
    }

    [Fact]
    public void ShuffleIsAPermutation()
    {
        var items = Enumerable.Range(0, 50).ToArray();
        new SeededRandom(3).Shuffle(items.AsSpan());

        Assert.Equal(Enumerable.Range(0, 50), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), items);
    }
}
