using System.Text.RegularExpressions;
using MultiMix.GpuCheck;
using MultiMix.Tests.Engine;
using Xunit;

namespace MultiMix.Tests.Distributed;

/// <summary>
/// scripts/gpu-check's data-parallel part (a one-rank NCCL all-reduce, then training steps whose flat gradients NCCL
/// averages) on the emulated CUDA device against the fake libnccl.so.2, without a GPU: every check passes, and the
/// all-reduces NCCL receives are the buffer's and buckets' addresses and sizes on the backend's stream.
/// </summary>
public sealed partial class GpuCheckDataParallelTests
{
    [FakeNcclFact]
    public void TheCheckAveragesTheWholeBufferItsBucketsAndEachStepsFlatGradientsOnTheBackendsStream()
    {
        _ = FakeNccl.Library;
        FakeNccl.Reset();
        var report = new CheckReport();
        using var cuda = EmulatedCudaDevice.CreateBackend();
        DataParallelCheck.Run(new PartLog("data-parallel", TextWriter.Null, report), cuda, 1001, 2, new DataParallelCheck.StepShape(2, 1, 2));

        Assert.Equal(0, report.Failures);
        Assert.Equal(7, report.Rows.Count);
        var stream = $"stream=0x{EmulatedCudaDevice.StreamHandle:x}";
        var reduces = FakeNccl.Log().Split('\n').Where(l => l.StartsWith("ncclAllReduce", StringComparison.Ordinal)).ToList();
        Assert.All(reduces, r => Assert.EndsWith($"type=7 op=4 {stream}", r));
        Assert.All(reduces, r => Assert.Matches(SendIsReceive(), r));
        var counts = reduces.Select(r => long.Parse(Count().Match(r).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var model = new MultiMix.Model.Networks.MultiMixNet(Tensors.Cpu.CpuBackend.Shared, new MultiMix.Model.Networks.ModelConfig(MultiMix.Model.Networks.ModelVariant.MultiMix, 2, 32), 7);
        var parameters = model.Flat!.Length;
        model.Dispose();
        // Whole, two buckets, two timed rounds; then one per step of each trained run that averages (one of the two).
        Assert.Equal([1001, 500, 501, 1001, 1001, parameters, parameters], counts);
    }

    [GeneratedRegex(@"send=(0x[0-9a-f]+) recv=\1 ")]
    private static partial Regex SendIsReceive();

    [GeneratedRegex(@"count=(\d+)")]
    private static partial Regex Count();
}
