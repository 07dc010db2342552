namespace MultiMix.Tensors;

public static partial class F
{
    /// <summary>Sum of all elements (a one-element tensor of shape [1]).</summary>
    public static Tensor Sum(Tensor x) => SumAll(x, 1f, "sum");

    /// <summary>Mean of all elements.</summary>
    public static Tensor Mean(Tensor x) => SumAll(x, 1f / x.Count, "mean");

    /// <summary>Sum along <paramref name="axis"/>, which is removed from the shape.</summary>
    public static Tensor Sum(Tensor x, int axis) => SumAxis(x, axis, 1f, "sum");

    /// <summary>Mean along <paramref name="axis"/>, which is removed from the shape.</summary>
    public static Tensor Mean(Tensor x, int axis) => SumAxis(x, axis, 1f / x.Shape[axis], "mean");

    /// <summary>Global average pooling: N×C×H×W → N×C.</summary>
    public static Tensor GlobalAvgPool(Tensor x)
    {
        RankIs("GlobalAvgPool", x, 4);
        var n = x.Shape[0];
        var c = x.Shape[1];
        var hw = x.Shape[2] * x.Shape[3];
        var y = New(x, n, c);
        x.Backend.Sum(x.Storage, y.Storage, (long)n * c, hw, 1, 1f / hw);
        return Record(y, "global_avg_pool", [x], [], (dy, _) =>
        {
            var dx = Like(x);
            x.Backend.Broadcast(dy.Storage, dx.Storage, (long)n * c, hw, 1, 1f / hw);
            return [dx];
        });
    }

    /// <summary>Maximum along <paramref name="axis"/>: values (differentiable) and the int indices of the first maximum.</summary>
    public static (Tensor Values, Tensor Indices) Max(Tensor x, int axis)
    {
        Float("Max", x);
        var (outer, a, inner) = x.Shape.Around(axis);
        var reduced = x.Shape.Without(axis);
        var values = Tensor.Empty(x.Backend, reduced);
        var indices = Tensor.Empty(x.Backend, reduced, DType.Int32);
        x.Backend.Max(x.Storage, values.Storage, indices.Storage, outer, a, inner);
        Record(values, "max", [x], [indices], (dy, _) =>
        {
            var dx = Like(x);
            x.Backend.MaxBackward(dy.Storage, indices.Storage, dx.Storage, outer, a, inner);
            return [dx];
        });
        return (values, indices);
    }

    private static Tensor SumAll(Tensor x, float alpha, string name)
    {
        Float(name, x);
        var y = New(x, 1);
        x.Backend.Sum(x.Storage, y.Storage, 1, checked((int)x.Count), 1, alpha);
        return Record(y, name, [x], [], (dy, _) =>
        {
            var dx = Like(x);
            x.Backend.Broadcast(dy.Storage, dx.Storage, 1, checked((int)x.Count), 1, alpha);
            return [dx];
        });
    }

    private static Tensor SumAxis(Tensor x, int axis, float alpha, string name)
    {
        Float(name, x);
        var (outer, a, inner) = x.Shape.Around(axis);
        var y = Tensor.Empty(x.Backend, x.Shape.Without(axis));
        x.Backend.Sum(x.Storage, y.Storage, outer, a, inner, alpha);
        return Record(y, name, [x], [], (dy, _) =>
        {
            var dx = Like(x);
            x.Backend.Broadcast(dy.Storage, dx.Storage, outer, a, inner, alpha);
            return [dx];
        });
    }
}
