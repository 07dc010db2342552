using MultiMix.Model.Layers;
using MultiMix.Tensors;

namespace MultiMix.Model.Optim;

/// <summary>
/// Adam with PyTorch's semantics (bias-corrected moments, eps added after the square root, no weight decay). Over a
/// model's <see cref="FlatParameters"/> the moments are flat buffers of the same layout and a step is one fused
/// launch over the whole model; over a list of parameters, one launch per parameter. Both give the same bits (the
/// update is elementwise). The learning rate has no default here: the run's options hold it. Its state (moments and
/// step count) is saved in checkpoints.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly (string Name, Tensor Param, Tensor M, Tensor V)[] _slots;
    private readonly FlatParameters? _flat;
    private readonly Tensor? _m;
    private readonly Tensor? _v;

    /// <summary>One update launch per parameter.</summary>
    public Adam(IEnumerable<(string Name, Tensor Tensor)> parameters, float lr, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
        : this(lr, beta1, beta2, eps)
    {
        _slots = parameters.Select(p =>
        {
            var m = Tensor.EmptyPersistent(p.Tensor.Backend, p.Tensor.Shape);
            var v = Tensor.EmptyPersistent(p.Tensor.Backend, p.Tensor.Shape);
            p.Tensor.Backend.Fill(m.Storage, 0f);
            p.Tensor.Backend.Fill(v.Storage, 0f);
            return (p.Name, p.Tensor, m, v);
        }).ToArray();
    }

    /// <summary>One update launch over the whole flat buffer (when every parameter has a gradient); the moments are flat too.</summary>
    public Adam(FlatParameters parameters, float lr, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
        : this(lr, beta1, beta2, eps)
    {
        var backend = parameters.Backend;
        _flat = parameters;
        _m = Tensor.EmptyPersistent(backend, new Shape(checked((int)parameters.Length)));
        _v = Tensor.EmptyPersistent(backend, new Shape(checked((int)parameters.Length)));
        backend.Fill(_m.Storage, 0f);
        backend.Fill(_v.Storage, 0f);
        _slots = parameters.Slots
            .Select(s => (s.Name, s.Tensor, Tensor.ViewOf(_m.Storage, s.Offset, s.Tensor.Shape), Tensor.ViewOf(_v.Storage, s.Offset, s.Tensor.Shape)))
            .ToArray();
    }

    private Adam(float lr, float beta1, float beta2, float eps)
    {
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        _slots = [];
    }

    public float LearningRate { get; set; }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Eps { get; }

    /// <summary>Updates taken so far (PyTorch's per-parameter "step", shared here since all move together).</summary>
    public int Steps { get; private set; }

    /// <summary>
    /// Applies one update from the accumulated gradients, then clears them. Parameters without a gradient are left
    /// alone: over a flat buffer the fused launch runs only when the backward pass reached every parameter, and
    /// otherwise the update runs per parameter.
    /// </summary>
    public void Step()
    {
        Steps++;
        if (_flat is { AllHaveGradients: true } flat)
        {
            flat.Backend.AdamStep(flat.Values, flat.Gradients, _m!.Storage, _v!.Storage, flat.Length, LearningRate, Beta1, Beta2, Eps, Steps);
            foreach (var (_, p, _, _) in _slots) p.ZeroGrad();
            return;
        }
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
        _m?.Dispose();
        _v?.Dispose();
    }
}
