using MultiMix.Tensors;
using MultiMix.Tensors.Backend;

namespace MultiMix.Model.Layers;

/// <summary>
/// A piece of a network that owns parameters (named as in PyTorch's state_dict, so weights convert 1:1) and
/// child modules, and is in training or evaluation mode. Parameters live until the module is disposed; a network
/// keeps them in one flat buffer (<see cref="Flat"/>).
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Module Child)> _children = [];
    private FlatParameters? _flat;

    /// <summary>True in training (dropout active), false in evaluation.</summary>
    public bool Training { get; private set; } = true;

    protected T AddChild<T>(string name, T child) where T : Module
    {
        _children.Add((name, child));
        return child;
    }

    protected Tensor AddParameter(string name, Tensor parameter)
    {
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Every parameter with its full dotted name, in registration order.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedParameters(string prefix = "")
    {
        foreach (var (name, t) in _parameters) yield return (prefix + name, t);
        foreach (var (name, child) in _children)
        {
            foreach (var p in child.NamedParameters(prefix + name + ".")) yield return p;
        }
    }

    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor).ToList();

    /// <summary>All parameters and their gradients in one flat buffer each, once <see cref="FlattenParameters"/> has run (a network does when it is built).</summary>
    public FlatParameters? Flat => _flat;

    /// <summary>Gathers every parameter, in <see cref="NamedParameters"/> order, into one flat buffer this module owns (<see cref="FlatParameters"/>).</summary>
    protected FlatParameters FlattenParameters(IBackend backend)
    {
        if (_flat is not null) throw new InvalidOperationException("the parameters are already in one flat buffer");
        _flat = FlatParameters.Gather(backend, [.. NamedParameters()]);
        return _flat;
    }

    public long ParameterCount() => NamedParameters().Sum(p => p.Tensor.Count);

    public void Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
    }

    public void Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var (_, t) in NamedParameters()) t.ZeroGrad();
    }

    public void Dispose()
    {
        foreach (var (_, t) in _parameters) t.Dispose();
        foreach (var (_, child) in _children) child.Dispose();
        _flat?.Dispose();
        _flat = null;
        GC.SuppressFinalize(this);
    }
}
