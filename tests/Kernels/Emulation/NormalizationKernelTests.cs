using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>instance_norm_stats + instance_norm_apply (with the fused LeakyReLU) and instance_norm_backward.</summary>
public sealed class NormalizationKernelTests : KernelParity
{
    [EmulatorTheory]
    [InlineData(1, 1, null)]
    [InlineData(3, 7, 0.2f)]
    [InlineData(2, 33, null)]
    [InlineData(4, 257, 0.2f)]
    [InlineData(1, 1000, 0.2f)]
    [InlineData(2, 4099, null)]
    [InlineData(5, 64, 0.01f)]
    public void Instance_norm_forward_and_backward_match_the_cpu(int planes, int hw, float? slope)
    {
        var n = planes * hw;
        // An offset and scale per plane, so the statistics are not trivially 0 and 1.
        var x = Compare.Random(n, n).Select((v, i) => (v * (1 + (i / hw))) + (i / hw * 3)).ToArray();
        var dy = Compare.Random(n, n + 1);
        const float Eps = 1e-5f;
        var cy = Cpu.Output(n);
        var cmean = Cpu.Output(planes);
        var crstd = Cpu.Output(planes);
        var cdx = Cpu.Output(n);
        Cpu.Backend.InstanceNorm(Cpu.Floats(x), cy, cmean, crstd, planes, hw, Eps, slope);
        Cpu.Backend.InstanceNormBackward(cy, crstd, Cpu.Floats(dy), cdx, planes, hw, slope);
        var gy = Gpu.Output(n);
        var gmean = Gpu.Output(planes);
        var grstd = Gpu.Output(planes);
        var gdx = Gpu.Output(n);
        Kernels.InstanceNorm(Gpu.Floats(x), gy, gmean, grstd, planes, hw, Eps, slope);
        Kernels.InstanceNormBackward(Gpu.Floats(Cpu.Read(cy)), Gpu.Floats(Cpu.Read(crstd)), Gpu.Floats(dy), gdx, planes, hw, slope);
        Compare.Close(Cpu.Read(cmean), Gpu.ReadFloats(gmean, planes), 1e-5f, 1e-5f, "mean");
        Compare.Close(Cpu.Read(crstd), Gpu.ReadFloats(grstd, planes), 1e-4f, 1e-5f, "rstd");
        Compare.Close(Cpu.Read(cy), Gpu.ReadFloats(gy, n), 1e-4f, 1e-4f, "y");
        Compare.Close(Cpu.Read(cdx), Gpu.ReadFloats(gdx, n), 1e-3f, 1e-4f, "dx");
        Assert.Equal(["instance_norm_stats", "instance_norm_apply", "instance_norm_backward"], Launcher.Launches.Select(l => l.Kernel));
    }
}
