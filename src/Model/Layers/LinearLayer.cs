using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Layers;

/// <summary>A fully connected layer, y = x·Wᵀ + b.</summary>
public sealed class LinearLayer : Module
{
    public LinearLayer(IBackend backend, RandomStream init, int inFeatures, int outFeatures)
    {
        Weight = AddParameter("weight", Tensor.Parameter(backend, "weight", Init.Uniform(init, outFeatures * inFeatures, inFeatures), outFeatures, inFeatures));
        Bias = AddParameter("bias", Tensor.Parameter(backend, "bias", Init.Uniform(init, outFeatures, inFeatures), outFeatures));
    }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public Tensor Forward(Tensor x) => F.Linear(x, Weight, Bias);
}
