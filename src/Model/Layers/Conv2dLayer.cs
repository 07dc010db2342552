using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Layers;

/// <summary>A stride-1 "same" convolution with bias (kernel 1 or 3).</summary>
public sealed class Conv2dLayer : Module
{
    public Conv2dLayer(IBackend backend, RandomStream init, int inChannels, int outChannels, int kernel)
    {
        var fanIn = inChannels * kernel * kernel;
        Weight = AddParameter("weight", Tensor.Parameter(backend, "weight", Init.Uniform(init, outChannels * fanIn, fanIn), outChannels, inChannels, kernel, kernel));
        Bias = AddParameter("bias", Tensor.Parameter(backend, "bias", Init.Uniform(init, outChannels, fanIn), outChannels));
    }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public Tensor Forward(Tensor x) => F.Conv2d(x, Weight, Bias);
}
