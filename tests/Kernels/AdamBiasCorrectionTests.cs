using MultiMix.Tensors.Backend;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>The one place both backends take Adam's bias corrections from.</summary>
public sealed class AdamBiasCorrectionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void The_factors_are_lr_over_one_minus_beta1_to_the_t_and_the_root_of_one_minus_beta2_to_the_t(int step)
    {
        var (stepSize, correction2Sqrt) = AdamBiasCorrection.For(1e-3f, 0.9f, 0.999f, step);
        // β in float (0.9f = 0.89999997615814209), the powers in double: PyTorch's arithmetic.
        double beta1 = 0.9f, beta2 = 0.999f, lr = 1e-3f;
        double p1 = 1, p2 = 1;
        for (var i = 0; i < step; i++)
        {
            p1 *= beta1;
            p2 *= beta2;
        }
        var expectedStep = lr / (1 - p1);
        var expectedCorrection = Math.Sqrt(1 - p2);
        Assert.Equal((float)expectedStep, stepSize, 6e-7f * (float)expectedStep);
        Assert.Equal((float)expectedCorrection, correction2Sqrt, 6e-7f * (float)expectedCorrection);
        Assert.Equal(0.01f, AdamBiasCorrection.For(1e-3f, 0.9f, 0.999f, 1).StepSize, 1e-8f);
    }
}
