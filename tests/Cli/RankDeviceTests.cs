using MultiMix.Distributed.Runtime;
using MultiMix.Kernels.Backend;
using MultiMix.Train.Cli;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>Which GPU a data-parallel rank drives (its local rank), and the one-line refusals, without a GPU.</summary>
public sealed class RankDeviceTests
{
    private static readonly DeviceName s_cuda = new(0);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    public void CudaIsTheGpuOfTheRanksPlaceOnItsMachine(int localRank, int gpu)
    {
        var world = new WorldInfo(localRank + 4, 8, localRank, 4);
        Assert.Equal(new DeviceName(gpu), RankDevice.Choose("cuda", s_cuda, world, 4, ""));
    }

    [Fact]
    public void MoreRanksOnAMachineThanItsGpusAreRefusedSayingHowManyToStart()
    {
        var e = Assert.Throws<CliException>(() => RankDevice.Choose("cuda", s_cuda, new WorldInfo(0, 3, 0, 3), 2, ""));
        Assert.Equal($"option --device cuda: 3 ranks on this machine ({Environment.MachineName}) but 2 GPUs visible; start at most 2 ranks per machine (mpirun -npernode 2, or slots=2 in the hostfile).", e.Message);
    }

    [Fact]
    public void WithoutADriverTheRefusalSaysWhy()
    {
        var e = Assert.Throws<CliException>(() => RankDevice.Choose("CUDA", s_cuda, new WorldInfo(0, 2, 0, 2), null, "libcuda.so.1 not found."));
        Assert.Equal("option --device cuda: no usable GPU: libcuda.so.1 not found. Use --device cpu, or see 'multimix doctor'.", e.Message);
    }

    [Fact]
    public void ANamedGpuServesOneRankPerMachineOnly()
    {
        Assert.Equal(new DeviceName(1), RankDevice.Choose("cuda:1", new DeviceName(1), new WorldInfo(1, 2, 0, 1), null, ""));
        var e = Assert.Throws<CliException>(() => RankDevice.Choose("cuda:1", new DeviceName(1), new WorldInfo(1, 2, 1, 2), 2, ""));
        Assert.Equal("option --device cuda:1: the 2 ranks on this machine would all use GPU 1; with --distributed give --device cuda (each rank uses GPU local_rank of its machine).", e.Message);
    }

    [Fact]
    public void TheCpuNeedsNoGpu() => Assert.Equal(DeviceName.Cpu, RankDevice.Choose("cpu", DeviceName.Cpu, new WorldInfo(0, 2, 0, 2), null, ""));
}
