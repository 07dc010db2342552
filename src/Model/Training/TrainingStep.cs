using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tensors.Random;

namespace MultiMix.Model.Training;

/// <summary>
/// One MultiMix training step: upload the batch, forward (saliency, then the five streams in one pass), the
/// objective, backward and an Adam update. Every intermediate is freed when it returns, and the pool then gives back
/// what this step did not use (<see cref="IMemoryPool.TrimIdle"/>). Each part runs in a <see cref="ProfileRegion"/>
/// of its name, so a profile says where the time and the memory went.
/// </summary>
public static class TrainingStep
{
    /// <summary>
    /// Runs the step and returns the loss terms. <paramref name="checkLoss"/> sees the terms before the backward
    /// pass and may throw to stop (a diverged loss) with nothing updated.
    /// </summary>
    public static LossTerms Run(MultiMixNet model, Adam adam, LossWeights weights, float confidenceThreshold, StepInputs batch, RandomStream dropout, Action<LossTerms>? checkLoss = null)
    {
        var terms = Backward(model, weights, confidenceThreshold, batch, dropout, checkLoss);
        Update(model, adam);
        return terms;
    }

    /// <summary>
    /// The step up to its gradients: upload, forward, the objective (seen by <paramref name="checkLoss"/>), backward
    /// into the model's flat gradient buffer. Data-parallel training averages that buffer across the ranks before
    /// <see cref="Update"/>.
    /// </summary>
    public static LossTerms Backward(MultiMixNet model, LossWeights weights, float confidenceThreshold, StepInputs batch, RandomStream dropout, Action<LossTerms>? checkLoss = null)
    {
        var backend = model.Backend;
        var l = batch.Layout;
        LossTerms terms;
        using (new TensorScope())
        {
            Tensor loss;
            using (ProfileRegion.Enter("forward"))
            {
                var x = Tensor.FromArray(backend, batch.Images, l.Total, 1, batch.Size, batch.Size);
                var masks = l.SegLabeled > 0 ? Tensor.FromArray(backend, batch.Masks, l.SegLabeled, 1, batch.Size, batch.Size) : null;
                var labels = l.ClsLabeled > 0 ? Tensor.FromArray(backend, batch.Labels, l.ClsLabeled) : null;
                var (seg, cls) = model.Forward(x, dropout);
                using (ProfileRegion.Enter("loss")) (loss, terms) = MultiMixLoss.Compute(model.Config.Variant, weights, l, seg, cls, masks, labels, confidenceThreshold);
            }
            checkLoss?.Invoke(terms);
            using (ProfileRegion.Enter(ProfilingBackend.BackwardRegion)) Backprop.Backward(loss);
        }
        return terms;
    }

    /// <summary>The step's Adam update from the gradients, then the pool gives back what the step did not use.</summary>
    public static void Update(MultiMixNet model, Adam adam)
    {
        using (ProfileRegion.Enter("optimizer")) adam.Step();
        BackendDecorator.MemoryOf(model.Backend)?.TrimIdle();
    }
}
