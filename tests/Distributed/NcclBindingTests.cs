using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Gradients;
using MultiMix.Distributed.Native;
using MultiMix.Distributed.Runtime;
using Xunit;

namespace MultiMix.Tests.Distributed;

/// <summary>
/// The NCCL bindings against a fake libnccl.so.2 built from tests/Distributed/fake_nccl.cpp (NCCL needs a GPU,
/// and Debian ships no libnccl): the fake checks what arrives — the 128-byte unique id by value — and records
/// the arguments of every call. Where a real libnccl.so.2 is installed (the nvidia-nccl wheels on a GPU
/// machine), every bound name is also looked up in it.
/// </summary>
[Collection(NcclCollection.Name)]
public sealed class NcclBindingTests
{
    [FakeNcclFact]
    public void ASingleRankCommunicatorPassesTheDrawnIdByValueAndAveragesBucketsInPlace()
    {
        _ = FakeNccl.Library;
        FakeNccl.Reset();
        using (var nccl = NcclCommunicator.Create(new SingleProcessCommunicator()))
        {
            Assert.Equal(22105, nccl.Version);
            var reducer = new NcclGradientReducer(nccl, 0x7f00_0000_1000, 1_965_155, 0x5151);
            reducer.ReduceBucket(1_000_000, 965_155);
            reducer.ReduceBucket(0, 1_000_000);
            reducer.Finish();
        }
        // Bucket [10⁶, …) starts 4·10⁶ bytes (0x3d0900) into the buffer; ncclFloat32 = 7, ncclAvg = 4.
        Assert.Equal(
            """
            ncclGetVersion
            ncclGetUniqueId
            ncclCommInitRank nranks=1 rank=0 id=ok
            ncclAllReduce send=0x7f00003d1900 recv=0x7f00003d1900 count=965155 type=7 op=4 stream=0x5151
            ncclAllReduce send=0x7f0000001000 recv=0x7f0000001000 count=1000000 type=7 op=4 stream=0x5151
            ncclCommDestroy

            """, FakeNccl.Log());
    }

    [FakeNcclFact]
    public void AFailedCallThrowsNamingTheCallWithNcclsTextAndLastError()
    {
        _ = FakeNccl.Library;
        FakeNccl.Reset();
        using var nccl = NcclCommunicator.Create(new SingleProcessCommunicator());
        var e = Assert.Throws<NcclException>(() => nccl.AllReduceMean(0x1000, 4, 0xbad));
        Assert.Equal(5, e.Result);
        Assert.Equal("Nccl.ncclAllReduce(buffer, buffer, (nuint)count, Nccl.Float32, Nccl.Avg, _comm, stream) failed: invalid usage (fake): stream 0xbad refused by the fake (5)", e.Message);
        nccl.Abort();
        Assert.EndsWith("ncclCommAbort\n", FakeNccl.Log());
        Assert.Throws<ObjectDisposedException>(() => nccl.AllReduceMean(0x1000, 4, 0));
    }

    [FakeNcclFact]
    public void AnNcclOlderThanTheMinimumIsRefusedOnEveryRankWithItsVersion()
    {
        _ = FakeNccl.Library;
        FakeNccl.Reset();
        FakeNccl.SetVersion(21003);
        try
        {
            var e = Assert.Throws<RankFailedException>(() => NcclCommunicator.Create(new SingleProcessCommunicator()));
            Assert.Equal(typeof(DistributedSetupException).FullName, e.FailedType);
            Assert.StartsWith($"rank 0: NCCL 2.10.3 at {FakeNccl.Library.Path} is older than 2.13.0", e.Message);
            Assert.DoesNotContain("ncclCommInitRank", FakeNccl.Log());
        }
        finally
        {
            FakeNccl.Reset();
        }
    }

    [FakeNcclFact]
    public void TheFakeExportsEveryBoundEntryPoint()
    {
        var entryPoints = Bindings.EntryPoints(typeof(Nccl));
        Assert.Equal(["ncclAllReduce", "ncclCommAbort", "ncclCommDestroy", "ncclCommInitRank", "ncclGetErrorString", "ncclGetLastError", "ncclGetUniqueId", "ncclGetVersion"], entryPoints);
        Assert.All(entryPoints, name => FakeNccl.Library.Export(name));
    }

    [Fact]
    public void AnInstalledNcclExportsEveryBoundEntryPoint()
    {
        var real = SharedLibrary.Search("NCCL", [NcclLibrary.FileName], NcclLibrary.DefaultFolders());
        if (!real.Found)
        {
            // Nothing to check against on a machine without NCCL (CI); the fake tests above cover the calls.
            Assert.Contains("none of libnccl.so.2 in", real.Reason);
            return;
        }
        Assert.All(Bindings.EntryPoints(typeof(Nccl)), name => real.Export(name));
    }

    [Theory]
    [InlineData(22105, "2.21.5")]
    [InlineData(21300, "2.13.0")]
    [InlineData(2804, "2.8.4")]
    public void VersionCodesReadAsNcclWritesThem(int code, string text) => Assert.Equal(text, Nccl.VersionText(code));
}
