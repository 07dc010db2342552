namespace MultiMix.Tensors.Autograd;

/// <summary>
/// One recorded op: its inputs, the tensors its backward reads (<see cref="Saved"/>), and how to turn the gradient
/// of its output into gradients of those inputs. The backward function is asked only for the inputs that need a
/// gradient, so work for the others is skipped. A saved tensor keeps its memory until this node's backward has run
/// (or the graph is freed) even when its owner has released it (<see cref="Tensor.Release"/>).
/// </summary>
public sealed class GradNode
{
    private bool _savedReleased;

    /// <param name="name">Op name, for error messages and tests.</param>
    /// <param name="inputs">The op's tensor inputs, in order.</param>
    /// <param name="backward">Given the output gradient and which inputs need one, returns a gradient per input (null where not needed).</param>
    /// <param name="saved">The tensors whose values the backward reads.</param>
    public GradNode(string name, Tensor[] inputs, Func<Tensor, bool[], Tensor?[]> backward, Tensor[]? saved = null)
    {
        Name = name;
        Inputs = inputs;
        Backward = backward;
        Saved = saved ?? [];
        foreach (var t in Saved) t.Save();
    }

    public string Name { get; }

    public Tensor[] Inputs { get; }

    public Func<Tensor, bool[], Tensor?[]> Backward { get; }

    public Tensor[] Saved { get; }

    /// <summary>Lets go of the saved tensors: called once the backward has run or the graph is dropped.</summary>
    internal void ReleaseSaved()
    {
        if (_savedReleased) return;
        _savedReleased = true;
        foreach (var t in Saved) t.Unsave();
    }
}
