using Xunit;

namespace MultiMix.Tests.Distributed;

/// <summary>
/// Real Open MPI jobs of the test host (tests/DistributedHost/Scenarios.cs holds the checks each rank runs: world
/// against the launcher's environment, int/long/double reductions against closed forms, the gradient mean whole
/// and bucketed, a broadcast from the last rank, an error status, signal handling, consensus).
/// </summary>
public sealed class MpiJobTests
{
    [MpiTheory]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryCollectiveCheckPassesOnEveryRank(int ranks)
    {
        var run = MpiRun.Run(ranks, "collectives");
        Assert.True(run.ExitCode == 0, run.Output);
        for (var rank = 0; rank < ranks; rank++)
        {
            Assert.Contains($"rank {rank}: rank {rank} of {ranks} (local rank {rank} of {ranks})", run.Output);
            Assert.Contains($"rank {rank}: gradient mean ok", run.Output);
            Assert.Contains($"rank {rank}: expected error: Mpi.MPI_Bcast(", run.Output);
            Assert.Contains($"rank {rank}: ok", run.Output);
        }
    }

    [MpiFact]
    public void AWrongContributionToTheGradientMeanIsCaughtOnEveryRank()
    {
        var run = MpiRun.Run(2, "corrupt", "1");
        Assert.True(run.ExitCode != 0, run.Output);
        // Rank 1's element 0 is off by one, so the mean there is 1.5 instead of 1 (= 0 mod 17 + 2 − 1) on both ranks.
        for (var rank = 0; rank < 2; rank++)
        {
            Assert.Contains($"rank {rank}: stopped: rank 0: check failed: gradient mean at element 0: 1.5, expected 1", run.Output);
            Assert.DoesNotContain($"rank {rank}: ok", run.Output);
        }
    }

    [MpiFact]
    public void AFailureOnOneRankStopsEveryRankWithThatRanksMessage()
    {
        var run = MpiRun.Run(2, "fail", "1", "2");
        Assert.True(run.ExitCode != 0, run.Output);
        for (var rank = 0; rank < 2; rank++)
        {
            Assert.Contains($"rank {rank}: step 1 done", run.Output);
            Assert.DoesNotContain($"rank {rank}: step 2 done", run.Output);
            Assert.Contains($"rank {rank}: stopped: rank 1: synthetic failure on rank 1 at step 2 [System.InvalidOperationException]", run.Output);
        }
    }

    [MpiFact]
    public void AFailureOutsideAnAgreementAbortsTheWholeJob()
    {
        var run = MpiRun.Run(2, "abort", "1");
        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("rank 1: unrecoverable: unagreed failure on rank 1", run.Output);
        Assert.DoesNotContain("passed the barrier", run.Output);
    }

    [MpiFact]
    public void TheTimingScenarioReportsTheMedianAndBandwidths()
    {
        var run = MpiRun.Run(2, "time-allreduce", "1000", "3");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"rank 0: all-reduce of 1000 floats \(0\.00 MB\) over 2 ranks: median \d+\.\d{3} ms, min \d+\.\d{3} ms; algorithm \d+\.\d\d GB/s, bus \d+\.\d\d GB/s", run.Output);
    }

    [Fact]
    public void WithoutALauncherItSaysInOneLineHowToLaunch()
    {
        var run = MpiRun.RunAlone("collectives");
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("--distributed needs an MPI launcher: start the job as `mpirun -np N multimix train --distributed …` (Open MPI; Debian: apt-get install openmpi-bin)", line);
    }
}
