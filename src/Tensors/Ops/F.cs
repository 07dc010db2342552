using MultiMix.Tensors.Autograd;

namespace MultiMix.Tensors;

/// <summary>
/// The differentiable ops (in the manner of torch.nn.functional). Each checks its arguments, allocates its
/// output, runs the backend primitive and, when gradients are being recorded, records how to go back.
/// </summary>
public static partial class F
{
    /// <summary>
    /// Records <paramref name="output"/>'s op when gradients are being recorded. <paramref name="saved"/> lists every
    /// tensor whose values <paramref name="backward"/> reads: they keep their memory until it has run.
    /// <paramref name="internals"/> are tensors the op made for its backward alone (statistics, indices): nothing
    /// else reads them, so they are released here and live exactly as long as the backward needs them.
    /// </summary>
    private static Tensor Record(Tensor output, string name, Tensor[] inputs, Tensor[] saved, Func<Tensor, bool[], Tensor?[]> backward, params Tensor[] internals)
    {
        if (GradMode.IsEnabled && inputs.Any(i => i.RequiresGrad)) output.Node = new GradNode(name, inputs, backward, saved);
        foreach (var t in internals) t.Release();
        return output;
    }

    private static Tensor Like(Tensor x) => Tensor.Empty(x.Backend, x.Shape, x.DType);

    private static Tensor New(Tensor onBackendOf, params int[] shape) => Tensor.Empty(onBackendOf.Backend, new Shape(shape));

    private static void SameBackend(string op, params Tensor[] ts)
    {
        foreach (var t in ts)
        {
            if (!ReferenceEquals(t.Backend, ts[0].Backend))
            {
                throw new ArgumentException($"{op}: {t.Describe()} and {ts[0].Describe()} are on different backends.");
            }
        }
    }

    private static void SameShape(string op, Tensor a, Tensor b)
    {
        SameBackend(op, a, b);
        if (!a.Shape.Equals(b.Shape)) throw new ArgumentException($"{op}: shapes {a.Shape} and {b.Shape} differ.");
    }

    private static void Float(string op, Tensor t)
    {
        if (t.DType != DType.Float32) throw new ArgumentException($"{op}: {t.Describe()} must be float32.");
    }

    private static void RankIs(string op, Tensor t, int rank)
    {
        if (t.Rank != rank) throw new ArgumentException($"{op}: expected a rank-{rank} tensor, got {t.Describe()}.");
    }
}
