using MultiMix.Tensors;

namespace MultiMix.Model.Layers;

/// <summary>
/// A piece of a network that owns parameters (named as in PyTorch's state_dict, so weights convert 1:1) and
/// child modules, and is in training or evaluation mode. Parameters live until the module is disposed.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Module Child)> _children = [];

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
        GC.SuppressFinalize(this);
    }
}
