using MultiMix.Tensors;

namespace MultiMix.Model.Optim;

/// <summary>
/// Adam with PyTorch's semantics (bias-corrected moments, eps added after the square root, no weight decay),
/// one fused kernel per parameter. The learning rate has no default here: the run's options hold it. Its state (moments and step count) is saved in checkpoints.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly (string Name, Tensor Param, Tensor M, Tensor V)[] _slots;

    public Adam(IEnumerable<(string Name, Tensor Tensor)> parameters, float lr, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
    {
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        _slots = parameters.Select(p =>
        {
            var m = Tensor.EmptyPersistent(p.Tensor.Backend, p.Tensor.Shape);
            var v = Tensor.EmptyPersistent(p.Tensor.Backend, p.Tensor.Shape);
            p.Tensor.Backend.Fill(m.Storage, 0f);
            p.Tensor.Backend.Fill(v.Storage, 0f);
            return (p.Name, p.Tensor, m, v);
        }).ToArray();
    }

    public float LearningRate { get; set; }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Eps { get; }

    /// <summary>Updates taken so far (PyTorch's per-parameter "step", shared here since all move together).</summary>
    public int Steps { get; private set; }

    /// <summary>Applies one update from the accumulated gradients, then clears them. Parameters without a gradient are left alone.</summary>
    public void Step()
    {
        Steps++;
        foreach (var (_, p, m, v) in _slots)
        {
            if (p.Grad is null) continue;
            p.Backend.AdamStep(p.Storage, p.Grad.Storage, m.Storage, v.Storage, p.Count, LearningRate, Beta1, Beta2, Eps, Steps);
            p.ZeroGrad();
        }
    }

    /// <summary>Moments named "adam.m.&lt;param&gt;" and "adam.v.&lt;param&gt;".</summary>
    public IEnumerable<(string Name, Tensor Tensor)> State()
    {
        foreach (var (name, _, m, v) in _slots)
        {
            yield return ("adam.m." + name, m);
            yield return ("adam.v." + name, v);
        }
    }

    /// <summary>Restores the step count (moments are restored through <see cref="State"/>).</summary>
    public void Restore(int steps) => Steps = steps;

    public void Dispose()
    {
        foreach (var (_, _, m, v) in _slots)
        {
            m.Dispose();
            v.Dispose();
        }
    }
}
