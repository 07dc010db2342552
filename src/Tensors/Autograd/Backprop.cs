namespace MultiMix.Tensors.Autograd;

/// <summary>
/// Reverse-mode differentiation over the graph of recorded ops. Only tensors that lie on a path from a wanted
/// input to the output are differentiated, and each op's backward is told which of its inputs need a gradient,
/// so asking for an input gradient alone runs no weight-gradient kernel. The graph is freed afterwards.
/// </summary>
public static class Backprop
{
    /// <summary>
    /// Back-propagates a scalar <paramref name="loss"/> and accumulates gradients into every leaf that requires
    /// one (<see cref="Tensor.Grad"/>), adding to what is there.
    /// </summary>
    public static void Backward(Tensor loss)
    {
        if (loss.Count != 1) throw new ArgumentException($"Backward needs a scalar loss; got {loss.Describe()}.");
        var order = TopologicalOrder(loss);
        var needed = Needed(order, t => t.IsLeaf && t.RequiresGrad);
        var grads = Run(loss, order, needed, keep: t => t.IsLeaf);
        foreach (var (t, g) in grads)
        {
            if (t.IsLeaf && t.RequiresGrad) t.AccumulateGrad(g);
        }
        foreach (var (_, g) in grads) g.Dispose();
        Free(order);
    }

    /// <summary>
    /// d(Σ output)/d(input) for each of <paramref name="inputs"/>, computing nothing that they do not need.
    /// Leaves' <see cref="Tensor.Grad"/> are not touched. Returns tensors owned by the current scope, zeros for
    /// an input the output does not depend on.
    /// </summary>
    public static Tensor[] Grad(Tensor output, params Tensor[] inputs)
    {
        var wanted = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        var order = TopologicalOrder(output);
        var needed = Needed(order, wanted.Contains);
        var grads = Run(output, order, needed, keep: wanted.Contains);
        var result = new Tensor[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            if (grads.TryGetValue(inputs[i], out var g))
            {
                result[i] = g;
                grads.Remove(inputs[i]);
            }
            else
            {
                result[i] = Tensor.Zeros(inputs[i].Backend, inputs[i].Shape.ToArray());
            }
        }
        foreach (var (_, g) in grads) g.Dispose();
        Free(order);
        return result;
    }

    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        if (root.Node is null && root.GraphFreed)
        {
            throw new InvalidOperationException($"The graph behind {root.Describe()} was already freed by a backward pass.");
        }
        var order = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (t, expanded) = stack.Pop();
            if (expanded)
            {
                order.Add(t);
                continue;
            }
            if (!seen.Add(t)) continue;
            stack.Push((t, true));
            if (t.Node is null) continue;
            foreach (var input in t.Node.Inputs)
            {
                if (!seen.Contains(input)) stack.Push((input, false));
            }
        }
        return order;
    }

    private static HashSet<Tensor> Needed(List<Tensor> order, Func<Tensor, bool> isTarget)
    {
        var needed = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var t in order)
        {
            if (isTarget(t) || (t.Node is not null && t.Node.Inputs.Any(needed.Contains))) needed.Add(t);
        }
        return needed;
    }

    private static Dictionary<Tensor, Tensor> Run(Tensor output, List<Tensor> order, HashSet<Tensor> needed, Func<Tensor, bool> keep)
    {
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        if (!needed.Contains(output)) return grads;
        grads[output] = Tensor.Full(output.Backend, 1f, output.Shape.ToArray());
        using var noGrad = GradMode.NoGrad();
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (t.Node is null || !needed.Contains(t) || !grads.TryGetValue(t, out var g)) continue;
            var node = t.Node;
            var mask = node.Inputs.Select(needed.Contains).ToArray();
            var inputGrads = node.Backward(g, mask);
            node.ReleaseSaved();
            var gStillUsed = false;
            for (var k = 0; k < node.Inputs.Length; k++)
            {
                var ig = inputGrads[k];
                if (!mask[k] || ig is null) continue;
                gStillUsed |= ReferenceEquals(ig, g);
                Accumulate(grads, node.Inputs[k], ig);
            }
            if (!keep(t))
            {
                grads.Remove(t);
                if (!gStillUsed) g.Dispose();
            }
        }
        return grads;
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> grads, Tensor input, Tensor g)
    {
        if (grads.TryGetValue(input, out var existing))
        {
            input.Backend.Axpy(1f, g.Storage, existing.Storage, existing.Count);
            return;
        }
        var owned = grads.Values.Any(v => ReferenceEquals(v, g)) ? g.Detach() : g;
        grads[input] = owned;
    }

    private static void Free(List<Tensor> order)
    {
        foreach (var t in order)
        {
            if (t.Node is null) continue;
            t.Node.ReleaseSaved();
            t.Node = null;
            t.GraphFreed = true;
        }
    }
}
