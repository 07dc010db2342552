using MultiMix.Model.Optim;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Cpu;
using Xunit;

namespace MultiMix.Tests.Model;

public sealed class OptimTests
{
    /// <summary>Two Adam steps on f(p) = g·p worked out by hand with PyTorch's formulas.</summary>
    [Fact]
    public void Adam_matches_hand_computed_steps()
    {
        var b = CpuBackend.Shared;
        using var p = Tensor.Parameter(b, "p", [1f, -2f], 2);
        using var adam = new Adam([("p", p)], lr: 0.1f);
        float[][] grads = [[0.5f, 2f], [-1f, 2f]];
        double[] m = [0, 0], v = [0, 0], expected = [1, -2];
        for (var t = 1; t <= 2; t++)
        {
            using (new TensorScope())
            {
                var coeff = Tensor.FromArray(b, grads[t - 1], 2);
                Backprop.Backward(F.Sum(F.Mul(p, coeff)));
            }
            adam.Step();
            for (var i = 0; i < 2; i++)
            {
                double g = grads[t - 1][i];
                m[i] = (0.9 * m[i]) + (0.1 * g);
                v[i] = (0.999 * v[i]) + (0.001 * g * g);
                var mHat = m[i] / (1 - Math.Pow(0.9, t));
                var vHat = v[i] / (1 - Math.Pow(0.999, t));
                expected[i] -= 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
            var actual = p.ToArray();
            Assert.Equal(expected[0], actual[0], 5);
            Assert.Equal(expected[1], actual[1], 5);
            Assert.Null(p.Grad);
        }
        // First step moves each parameter by exactly lr against its gradient's sign.
        Assert.Equal(2, adam.Steps);
    }

    [Fact]
    public void Step_lr_decays_by_gamma_every_step_size_epochs()
    {
        var s = new StepLr(1e-4f, 8, 0.1f);
        Assert.Equal(1e-4f, s.RateAt(0));
        Assert.Equal(1e-4f, s.RateAt(7));
        Assert.Equal(1e-5f, s.RateAt(8), 8);
        Assert.Equal(1e-6f, s.RateAt(16), 9);
    }
}
