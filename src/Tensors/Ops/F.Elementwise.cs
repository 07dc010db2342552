using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors;

public static partial class F
{
    public static Tensor Add(Tensor a, Tensor b) => BinaryOf(BinaryOp.Add, a, b);

    public static Tensor Sub(Tensor a, Tensor b) => BinaryOf(BinaryOp.Sub, a, b);

    public static Tensor Mul(Tensor a, Tensor b) => BinaryOf(BinaryOp.Mul, a, b);

    public static Tensor Div(Tensor a, Tensor b) => BinaryOf(BinaryOp.Div, a, b);

    public static Tensor Scale(Tensor x, float s) => UnaryOf(UnaryOp.Scale, x, s);

    public static Tensor AddScalar(Tensor x, float s) => UnaryOf(UnaryOp.AddScalar, x, s);

    public static Tensor Abs(Tensor x) => UnaryOf(UnaryOp.Abs, x, 0f);

    public static Tensor Sigmoid(Tensor x) => UnaryOf(UnaryOp.Sigmoid, x, 0f);

    public static Tensor LeakyRelu(Tensor x, float slope) => UnaryOf(UnaryOp.LeakyRelu, x, slope);

    public static Tensor Exp(Tensor x) => UnaryOf(UnaryOp.Exp, x, 0f);

    public static Tensor Log(Tensor x) => UnaryOf(UnaryOp.Log, x, 0f);

    /// <summary>The same values in another shape of equal element count.</summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        var s = new Shape(shape);
        if (s.Count != x.Count) throw new ArgumentException($"Reshape: {x.Describe()} has {x.Count} elements, shape {s} has {s.Count}.");
        var y = Tensor.Empty(x.Backend, s, x.DType);
        x.Backend.CopyBlocks(x.Storage, 0, 0, y.Storage, 0, 0, x.Count, 1);
        return Record(y, "reshape", [x], [], (dy, _) => [Reshape(dy, x.Shape.ToArray())]);
    }

    private static Tensor UnaryOf(UnaryOp op, Tensor x, float alpha)
    {
        Float(op.ToString(), x);
        var y = Like(x);
        x.Backend.Unary(op, x.Storage, y.Storage, x.Count, alpha);
        if (op is UnaryOp.Scale or UnaryOp.AddScalar)
        {
            return Record(y, op.ToString(), [x], [], (dy, _) => [op == UnaryOp.Scale ? Scale(dy, alpha) : dy]);
        }
        return Record(y, op.ToString(), [x], [x, y], (dy, _) =>
        {
            var dx = Like(x);
            x.Backend.UnaryBackward(op, x.Storage, y.Storage, dy.Storage, dx.Storage, x.Count, alpha);
            return [dx];
        });
    }

    private static Tensor BinaryOf(BinaryOp op, Tensor a, Tensor b)
    {
        SameShape(op.ToString(), a, b);
        Float(op.ToString(), a);
        var y = Like(a);
        a.Backend.Binary(op, a.Storage, b.Storage, y.Storage, a.Count);
        return Record(y, op.ToString(), [a, b], op switch { BinaryOp.Mul => [a, b], BinaryOp.Div => [b, y], _ => [] }, (dy, need) => op switch
        {
            BinaryOp.Add => [dy, dy],
            BinaryOp.Sub => [dy, need[1] ? Scale(dy, -1f) : null],
            BinaryOp.Mul => [need[0] ? Mul(dy, b) : null, need[1] ? Mul(dy, a) : null],
            _ => [need[0] ? Div(dy, b) : null, need[1] ? Scale(Mul(dy, Div(y, b)), -1f) : null],
        });
    }
}
