using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;

namespace MultiMix.Train.Evaluation;

/// <summary>
/// The model in evaluation mode (dropout off) with nothing recorded, for as long as this lives; tensors made in
/// it are freed and the model's mode is restored when it is disposed.
/// </summary>
internal sealed class EvaluationPass : IDisposable
{
    private readonly MultiMixNet _model;
    private readonly bool _wasTraining;
    private readonly TensorScope _scope;
    private readonly IDisposable _noGrad;

    public EvaluationPass(MultiMixNet model)
    {
        _model = model;
        _wasTraining = model.Training;
        model.Eval();
        _scope = new TensorScope();
        _noGrad = GradMode.NoGrad();
    }

    /// <summary>Host images in [-1, 1] (count × size × size) as the network's input tensor.</summary>
    public Tensor Input(float[] images, int count, int size) => Tensor.FromArray(_model.Backend, images, count, 1, size, size);

    public void Dispose()
    {
        _noGrad.Dispose();
        _scope.Dispose();
        _model.Train(_wasTraining);
    }
}
