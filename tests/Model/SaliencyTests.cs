using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tests.Engine;
using Xunit;

namespace MultiMix.Tests.Model;

public sealed class SaliencyTests
{
    private static double Score(MultiMixNet net, float[] image)
    {
        using var scope = new TensorScope();
        using var noGrad = GradMode.NoGrad();
        var logits = net.Encoder.Forward(Tensor.FromArray(net.Backend, image, 2, 1, 32, 32), null).Logits!.ToArray();
        return Math.Max(logits[0], logits[1]) + Math.Max(logits[2], logits[3]);
    }

    [Fact]
    public void Saliency_is_the_absolute_input_gradient_and_runs_no_weight_gradient_kernel()
    {
        using var device = new CpuBackend();
        var backend = new CountingBackend(device);
        using var net = new MultiMixNet(backend, new ModelConfig(ModelVariant.MultiMix, 2, 32), 5);
        var image = new HostRandom(8).Uniform(2 * 32 * 32);
        float[] saliency;
        using (new TensorScope())
        {
            var x = Tensor.FromArray(backend, image, 2, 1, 32, 32);
            backend.Kernels.Reset();
            var s = net.Saliency(x);
            Assert.Equal(0, backend.Kernels["Conv2dBackwardWeight"]);
            Assert.True(backend.Kernels["Conv2dBackwardData"] >= 10);
            Assert.Null(s.Node);
            Assert.False(s.RequiresGrad);
            Assert.True(net.Encoder.Training, "Saliency must restore the encoder's training mode.");
            saliency = s.ToArray();
        }
        Assert.All(net.Parameters(), p => Assert.Null(p.Grad));

        net.Eval();
        const double h = 1e-3;
        var checkedPixels = 0;
        for (var i = 0; i < image.Length; i += 29)
        {
            var original = image[i];
            image[i] = (float)(original + h);
            var plus = Score(net, image);
            image[i] = (float)(original - h);
            var minus = Score(net, image);
            image[i] = original;
            var numeric = Math.Abs((plus - minus) / (2 * h));
            Assert.True(Math.Abs(saliency[i] - numeric) <= 2e-3 + (0.05 * numeric), $"pixel {i}: saliency {saliency[i]}, finite difference {numeric}");
            checkedPixels++;
        }
        Assert.True(checkedPixels > 60);
        Assert.Contains(saliency, v => v > 1e-4f);
    }
}
