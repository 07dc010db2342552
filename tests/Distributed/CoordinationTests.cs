using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Gradients;
using MultiMix.Distributed.Runtime;
using Xunit;

namespace MultiMix.Tests.Distributed;

/// <summary>Failure agreement, consensus, rank-0 output, reducers and shards over in-process ranks.</summary>
public sealed unsafe class CoordinationTests
{
    [Fact]
    public void WorkThatSucceedsEverywhereReturnsItsValueOnEveryRank()
    {
        var results = new int[4];
        var failures = new ThreadedWorld(4).Run(c => results[c.World.Rank] = new FailureAgreement(c).Run(() => c.World.Rank * 10));
        Assert.All(failures, Assert.Null);
        Assert.Equal([0, 10, 20, 30], results);
    }

    [Fact]
    public void EveryRankReportsTheLowestFailingRanksMessageAndHowManyFailed()
    {
        var failures = new ThreadedWorld(4).Run(c => new FailureAgreement(c).Run(() =>
        {
            if (c.World.Rank is 1 or 3) throw new IOException($"disk full on rank {c.World.Rank}");
        }));
        for (var rank = 0; rank < 4; rank++)
        {
            var e = Assert.IsType<RankFailedException>(failures[rank]);
            Assert.Equal(1, e.FailedRank);
            Assert.Equal("System.IO.IOException", e.FailedType);
            Assert.Equal("disk full on rank 1", e.FailedMessage);
            Assert.Equal(2, e.FailedRanks);
            Assert.Equal("rank 1: disk full on rank 1 (1 more rank failed too)", e.Message);
            // The failing ranks keep their own exception as the inner one.
            Assert.Equal(rank is 1 or 3, e.InnerException is IOException);
        }
    }

    [Fact]
    public void AnAgreedFailureInsideAnotherAgreementIsNotReportedTwice()
    {
        var failures = new ThreadedWorld(2).Run(c =>
        {
            var agreement = new FailureAgreement(c);
            agreement.Run(() => agreement.Run(() =>
            {
                if (c.World.Rank == 1) throw new InvalidOperationException("inner");
            }));
        });
        Assert.All(failures, f => Assert.Equal("rank 1: inner", Assert.IsType<RankFailedException>(f).Message));
    }

    [Fact]
    public void OnlyRankZeroWritesAndItsFailureStopsEveryRank()
    {
        var writers = new List<int>();
        var consoles = new string[3];
        var failures = new ThreadedWorld(3).Run(c =>
        {
            var output = new RankOutput(new FailureAgreement(c));
            var console = new StringWriter();
            output.Status(console).Write($"progress from rank {c.World.Rank}");
            consoles[c.World.Rank] = console.ToString();
            output.Write(() =>
            {
                lock (writers) writers.Add(c.World.Rank);
            });
            output.Write(() => throw new IOException("no space left writing last.safetensors"));
        });
        Assert.Equal([0], writers);
        Assert.Equal(["progress from rank 0", "", ""], consoles);
        Assert.All(failures, f => Assert.Equal("rank 0: no space left writing last.safetensors", Assert.IsType<RankFailedException>(f).Message));
    }

    [Fact]
    public void ConsensusNamesTheRangeOfValuesWhenRanksDisagree()
    {
        Assert.All(new ThreadedWorld(3).Run(c => RankConsensus.RequireSame(c, 1_965_155, "the parameter count")), Assert.Null);
        var failures = new ThreadedWorld(3).Run(c => RankConsensus.RequireSame(c, c.World.Rank == 2 ? 90 : 100, "the gradient buffer's length"));
        Assert.All(failures, f => Assert.StartsWith("the ranks disagree on the gradient buffer's length: from 90 to 100", Assert.IsType<DistributedSetupException>(f).Message));
    }

    [Theory]
    [InlineData(1, 1 << 20)]
    [InlineData(3, 1 << 20)]
    [InlineData(3, 5)]
    [InlineData(4, 1)]
    public void HostReducerLeavesTheMeanOverRanksInEveryBucket(int ranks, int maxPiece)
    {
        const int length = 101;
        var buffers = new float[ranks][];
        var failures = new ThreadedWorld(ranks).Run(c =>
        {
            var r = c.World.Rank;
            var values = Enumerable.Range(0, length).Select(i => (float)(i * (r + 1))).ToArray();
            buffers[r] = values;
            fixed (float* p = values)
            {
                var reducer = new HostGradientReducer(c, p, length, maxPiece);
                reducer.ReduceBucket(60, 41);
                reducer.ReduceBucket(0, 60);
                reducer.Finish();
            }
        });
        Assert.All(failures, Assert.Null);
        // Σ_r i·(r + 1) / N = i·(N + 1)/2.
        var expected = Enumerable.Range(0, length).Select(i => (float)(i * (ranks + 1)) / 2).ToArray();
        Assert.All(buffers, b => Assert.Equal(expected, b));
    }

    [Fact]
    public void ReducersRefuseBucketsOutsideTheBuffer()
    {
        var local = new LocalGradientReducer(10);
        local.ReduceBucket(4, 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => local.ReduceBucket(5, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => local.ReduceBucket(-1, 2));
        var values = new float[10];
        fixed (float* p = values)
        {
            var host = new HostGradientReducer(new SingleProcessCommunicator(), p, 10);
            Assert.Throws<ArgumentOutOfRangeException>(() => host.ReduceBucket(0, 11));
        }
    }

    [Fact]
    public void HostReducersOfDifferentLengthsAreRefusedOnEveryRank()
    {
        var failures = new ThreadedWorld(2).Run(c =>
        {
            var values = new float[10];
            fixed (float* p = values) _ = new HostGradientReducer(c, p, 9 + c.World.Rank);
        });
        Assert.All(failures, f => Assert.IsType<DistributedSetupException>(f));
    }

    [Fact]
    public void EvenShardsTileTheBatchAndRefuseARemainder()
    {
        var shards = Enumerable.Range(0, 4).Select(r => Shard.Even(12, new WorldInfo(r, 4, r, 4), "the batch")).ToList();
        Assert.Equal([new(0, 3), new(3, 3), new(6, 3), new(9, 3)], shards);
        var e = Assert.Throws<DistributedSetupException>(() => Shard.Even(10, new WorldInfo(0, 4, 0, 4), "--batch per stream"));
        Assert.Equal("--batch per stream of 10 does not split evenly across 4 ranks; use a multiple of 4", e.Message);
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(3, 5)]
    [InlineData(0, 2)]
    [InlineData(7, 1)]
    public void ContiguousShardsCoverEveryItemOnceWithSizesDifferingByAtMostOne(int total, int ranks)
    {
        var shards = Enumerable.Range(0, ranks).Select(r => Shard.Contiguous(total, new WorldInfo(r, ranks, 0, 1))).ToList();
        var covered = shards.SelectMany(s => Enumerable.Range(s.Start, s.Count)).ToList();
        Assert.Equal(Enumerable.Range(0, total), covered);
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= 1);
    }

    [Fact]
    public void WorldInfoRefusesImpossibleRanks()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorldInfo(2, 2, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorldInfo(0, 2, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorldInfo(0, 2, 0, 3));
        Assert.True(WorldInfo.Single.IsRoot);
    }
}
