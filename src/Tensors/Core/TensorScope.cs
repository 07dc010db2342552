namespace MultiMix.Tensors;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and disposes them when it
/// closes: the intermediates of a training step are freed deterministically when the step ends. A tensor that
/// must outlive the scope (a result handed to the caller) is taken out with <see cref="Keep"/>. Parameters and
/// optimiser state are made outside any scope and live until disposed explicitly.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? s_current;

    private readonly TensorScope? _parent;
    private readonly List<Tensor> _owned = [];
    private bool _closed;

    public TensorScope()
    {
        _parent = s_current;
        s_current = this;
    }

    internal static TensorScope? Current => s_current;

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => _owned.Count;

    internal void Adopt(Tensor t) => _owned.Add(t);

    /// <summary>Moves <paramref name="t"/> to the enclosing scope (or to the caller when there is none).</summary>
    public Tensor Keep(Tensor t)
    {
        var i = _owned.LastIndexOf(t);
        if (i >= 0)
        {
            _owned.RemoveAt(i);
            _parent?.Adopt(t);
        }
        return t;
    }

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        if (s_current != this) throw new InvalidOperationException("Tensor scopes must be closed innermost first.");
        s_current = _parent;
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }
}
