using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Training;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tensors.Random;
using MultiMix.Train.Runs;
using Xunit;

namespace MultiMix.Tests.Model;

public sealed class StepProfileTests
{
    private const int Size = 32;
    private const int Steps = 3;

    private static IEnumerable<StepInputs> Batches(StreamLayout layout)
    {
        for (var step = 0; ; step++)
        {
            var images = new float[layout.Total * Size * Size];
            Philox.FillUniform(images, 5, (ulong)step * 1000);
            var masks = images.Take(layout.SegLabeled * Size * Size).Select(v => v > 0.5f ? 1f : 0f).ToArray();
            yield return new StepInputs(layout, Size, [.. images.Select(v => (2 * v) - 1)], masks, [step % 2]);
        }
    }

    [Fact]
    public void A_profile_puts_every_convolution_down_to_its_layer_and_the_peak_down_to_its_holders()
    {
        using var backend = new CpuBackend();
        var config = new ModelConfig(ModelVariant.MultiMix, 2, Size);
        var report = StepProfile.Run(backend, new StepProfile.Settings(config, 1e-3f, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, 1, 2, Steps), Batches(new StreamLayout(1, 1, 1, 1)));

        var measured = Steps - 1;
        var profile = report.Profile;
        using var net = new MultiMixNet(backend, config, 1);
        var convLayers = net.NamedParameters().Select(p => p.Name).Where(n => n.EndsWith(".weight", StringComparison.Ordinal) && !n.EndsWith("fc.weight", StringComparison.Ordinal)).Select(n => n[..^".weight".Length]);
        Assert.Equal(convLayers.Order(StringComparer.Ordinal), profile.Layers.Keys.Order(StringComparer.Ordinal));
        // The encoder runs twice per step (saliency, then the training pass), the decoder once.
        Assert.Equal(2 * measured, profile.Layers["encoder.dconv_down3.0"].Forward.Calls);
        Assert.Equal(measured, profile.Layers["decoder.dconv_up3.0"].Forward.Calls);
        // The first layer's input gradient is only wanted by the saliency map; its weight gradient only by training.
        Assert.Equal(measured, profile.Layers["encoder.dconv_down1.0"].BackwardData.Calls);
        Assert.Equal(measured, profile.Layers["encoder.dconv_down1.0"].BackwardWeight.Calls);
        Assert.Equal(10 * measured, profile.Families["saliency: conv forward"].Calls);
        Assert.Equal(measured, profile.Families[OpFamilies.DataLoading].Calls);

        var peak = profile.Peak!;
        var parameterBytes = net.ParameterCount() * sizeof(float);
        Assert.Equal(parameterBytes, peak.Held[new MemoryHolder("parameters", "")]);
        Assert.Equal(2 * parameterBytes, peak.Held[new MemoryHolder("Adam moments", "")]);
        Assert.True(peak.Held.Values.Sum() <= peak.InUse, "Holders cannot account for more than the bytes in use.");
        Assert.True(peak.Held.Values.Sum() >= peak.InUse / 2, "Most of the bytes in use must be put down to a holder.");
        Assert.Equal(peak.InUse, profile.PoolPeakBytes);

        var text = report.Format("test");
        Assert.Contains("| conv forward |", text, StringComparison.Ordinal);
        Assert.Contains("| encoder.dconv_down1.0 | 1→2 3×3 @32² ×5 |", text, StringComparison.Ordinal);
        Assert.Contains("Peak bytes in use", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// On CUDA ops return before the device has run them: `train --profile` must hand the profile the device's
    /// synchronize (checked on the emulated CUDA backend), the profile must wait around every op, or it times launches
    /// (checked with a counting stand-in on the CPU backend, as the emulator is too slow for whole steps), and it must
    /// not rate the device against the CPU's limits.
    /// </summary>
    [Fact]
    public void On_a_device_every_op_is_timed_to_the_end_of_its_work_and_rated_against_no_cpu_limit()
    {
        var backend = Engine.Backends.Get("cuda-emu");
        Assert.NotNull(ProfileRun.DeviceSynchronize(backend));
        Assert.Null(ProfileRun.DeviceSynchronize(CpuBackend.Shared));

        var config = new ModelConfig(ModelVariant.MultiMix, 2, Size);
        using var cpu = new CpuBackend();
        (ProfileReport Report, int Waits) Profile(int steps)
        {
            var waits = 0;
            var settings = new StepProfile.Settings(config, 1e-3f, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, 1, 2, steps, WarmUpSteps: 0);
            return (StepProfile.Run(cpu, settings, Batches(new StreamLayout(1, 1, 1, 1)), () => waits++), waits);
        }

        // Building the model and the optimizer waits too; a second step adds exactly one step's waits.
        var (report, oneStep) = Profile(1);
        var (_, twoSteps) = Profile(2);
        var ops = report.Profile.Families.Where(f => f.Key != OpFamilies.DataLoading).Sum(f => f.Value.Calls);
        Assert.True(ops > 100, $"{ops} ops in the step");
        Assert.Equal(2 * ops, twoSteps - oneStep);
        Assert.Null(report.Limits);
        var text = report.Format("test");
        Assert.DoesNotContain("% of peak", text, StringComparison.Ordinal);
        Assert.Contains("limits are not measured", text, StringComparison.Ordinal);
        Assert.Contains("| conv forward |", text, StringComparison.Ordinal);
    }
}
