using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;
using MultiMix.Tests.Engine;
using Xunit;

namespace MultiMix.Tests.Model;

/// <summary>
/// A whole MultiMix training step (saliency, forward of the five streams, the four-term loss, backward, Adam) on the
/// emulated CUDA backend against the CPU backend, from the same initial weights, batch and dropout stream, at width 2
/// and 32 px with one image per stream (the emulator runs every GPU thread as a fiber: 7–15 s for this step on two
/// cores). The two differ only in float rounding: the custom kernels reduce in a tree (warp shuffles, block partial
/// sums) where the CPU reduces in SIMD lanes, so results agree to a few float32 ulps per reduction, grown by the depth
/// of the net.
/// </summary>
public sealed class TrainingStepParityTests
{
    private const int Size = 32;
    private const int PerStream = 1;

    /// <summary>Losses agree to this relative difference.</summary>
    private const double LossTolerance = 1e-4;

    /// <summary>
    /// Each gradient element agrees to this fraction of its tensor's largest CPU gradient magnitude, plus
    /// <see cref="GradientFloor"/>: the biases of convolutions followed by an instance norm have a true gradient of
    /// zero (the norm removes any per-plane constant), so both backends return rounding noise for them.
    /// </summary>
    private const double GradientTolerance = 1e-3;

    private const double GradientFloor = 1e-6;

    /// <summary>
    /// Adam's first update is lr·g/(|g| + eps), about lr·sign(g), so it is compared wherever the gradient is ten
    /// times the allowed disagreement (its sign cannot differ there).
    /// </summary>
    private const float LearningRate = 1e-3f;

    private sealed record StepResult(LossTerms Terms, Dictionary<string, float[]> Gradients, Dictionary<string, float[]> Updated);

    [Fact]
    public void Emulated_cuda_step_matches_the_cpu_step()
    {
        var cpu = Run(Backends.Get("cpu"));
        var cuda = Run(Backends.Get("cuda-emu"));

        AssertTermsClose(cpu.Terms, cuda.Terms);
        Assert.Equal(cpu.Gradients.Keys.Order(), cuda.Gradients.Keys.Order());
        foreach (var (name, expected) in cpu.Gradients)
        {
            var actual = cuda.Gradients[name];
            var scale = expected.Max(MathF.Abs);
            for (var i = 0; i < expected.Length; i++)
            {
                var difference = Math.Abs(expected[i] - actual[i]);
                var bound = (GradientTolerance * scale) + GradientFloor;
                Assert.True(difference <= bound,
                    $"gradient {name}[{i}]: cpu {expected[i]:G7}, cuda-emu {actual[i]:G7} (difference {difference:G3}, tensor scale {scale:G3})");
                if (Math.Abs(expected[i]) < 10 * bound) continue;
                Assert.True(Math.Abs(cpu.Updated[name][i] - cuda.Updated[name][i]) <= 1e-3 * LearningRate,
                    $"updated {name}[{i}]: cpu {cpu.Updated[name][i]:G7}, cuda-emu {cuda.Updated[name][i]:G7}");
            }
        }
    }

    private static void AssertTermsClose(LossTerms expected, LossTerms actual)
    {
        (string Name, float Cpu, float Cuda)[] terms =
        [
            ("total", expected.Total, actual.Total), ("cross-entropy", expected.CrossEntropy, actual.CrossEntropy),
            ("dice", expected.Dice, actual.Dice), ("pseudo-label", expected.PseudoLabel, actual.PseudoLabel),
            ("consistency", expected.Consistency, actual.Consistency), ("mask rate", expected.MaskRate, actual.MaskRate),
        ];
        foreach (var (name, c, g) in terms)
        {
            Assert.True(Math.Abs(c - g) <= LossTolerance * Math.Max(1e-3, Math.Abs(c)), $"{name}: cpu {c:G7}, cuda-emu {g:G7}");
        }
    }

    private static StepResult Run(IBackend backend)
    {
        var layout = new StreamLayout(PerStream, PerStream, PerStream, PerStream);
        var images = new float[layout.Total * Size * Size];
        Philox.FillUniform(images, 5, 0);
        var masks = images.Take(PerStream * Size * Size).Select(v => v > 0.5f ? 1f : 0f).ToArray();
        for (var i = 0; i < images.Length; i++) images[i] = (2 * images[i]) - 1;
        int[] labels = [1];
        var dropout = new RandomStream(9);
        using var model = new MultiMixNet(backend, new ModelConfig(ModelVariant.MultiMix, 2, Size), 1);
        using var adam = new Adam(model.NamedParameters(), LearningRate);
        LossTerms terms;
        using (new TensorScope())
        {
            var x = Tensor.FromArray(backend, images, layout.Total, 1, Size, Size);
            var m = Tensor.FromArray(backend, masks, PerStream, 1, Size, Size);
            var l = Tensor.FromArray(backend, labels, PerStream);
            var (seg, cls) = model.Forward(x, dropout);
            (var loss, terms) = MultiMixLoss.Compute(ModelVariant.MultiMix, new LossWeights(), layout, seg, cls, m, l);
            Backprop.Backward(loss);
        }
        var gradients = model.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.Grad!.ToArray());
        adam.Step();
        var updated = model.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.ToArray());
        return new StepResult(terms, gradients, updated);
    }
}
