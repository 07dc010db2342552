using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Cpu;

/// <summary>Elementwise kernels: TensorPrimitives where it has the op, Vector256 loops where it does not.</summary>
internal static unsafe class CpuElementwise
{
    private const long Grain = 1 << 16;

    public static void Unary(UnaryOp op, float* x, float* y, long n, float alpha) => CpuParallel.For(n, Grain, (s, e) =>
    {
        var xs = new ReadOnlySpan<float>(x + s, (int)(e - s));
        var ys = new Span<float>(y + s, (int)(e - s));
        switch (op)
        {
            case UnaryOp.Scale: TensorPrimitives.Multiply(xs, alpha, ys); break;
            case UnaryOp.AddScalar: TensorPrimitives.Add(xs, alpha, ys); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(xs, ys); break;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(xs, ys); break;
            case UnaryOp.Exp: TensorPrimitives.Exp(xs, ys); break;
            case UnaryOp.Log: TensorPrimitives.Log(xs, ys); break;
            case UnaryOp.LeakyRelu: LeakyRelu(xs, ys, alpha); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    });

    public static void UnaryBackward(UnaryOp op, float* x, float* y, float* dy, float* dx, long n, float alpha) => CpuParallel.For(n, Grain, (s, e) =>
    {
        var len = (int)(e - s);
        var xs = new ReadOnlySpan<float>(x + s, len);
        var ys = new ReadOnlySpan<float>(y + s, len);
        var dys = new ReadOnlySpan<float>(dy + s, len);
        var dxs = new Span<float>(dx + s, len);
        switch (op)
        {
            case UnaryOp.Scale: TensorPrimitives.Multiply(dys, alpha, dxs); break;
            case UnaryOp.AddScalar: dys.CopyTo(dxs); break;
            case UnaryOp.Exp: TensorPrimitives.Multiply(dys, ys, dxs); break;
            case UnaryOp.Log: TensorPrimitives.Divide(dys, xs, dxs); break;
            case UnaryOp.Abs:
                for (var i = 0; i < len; i++) dxs[i] = xs[i] > 0 ? dys[i] : xs[i] < 0 ? -dys[i] : 0f;
                break;
            case UnaryOp.Sigmoid:
                for (var i = 0; i < len; i++) dxs[i] = dys[i] * ys[i] * (1f - ys[i]);
                break;
            case UnaryOp.LeakyRelu:
                LeakyReluBackward(xs, dys, dxs, alpha);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    });

    public static void Binary(BinaryOp op, float* a, float* b, float* y, long n) => CpuParallel.For(n, Grain, (s, e) =>
    {
        var len = (int)(e - s);
        var az = new ReadOnlySpan<float>(a + s, len);
        var bz = new ReadOnlySpan<float>(b + s, len);
        var yz = new Span<float>(y + s, len);
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(az, bz, yz); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(az, bz, yz); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(az, bz, yz); break;
            case BinaryOp.Div: TensorPrimitives.Divide(az, bz, yz); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    });

    public static void Axpy(float alpha, float* x, float* y, long n) => CpuParallel.For(n, Grain, (s, e) =>
    {
        var len = (int)(e - s);
        var ys = new Span<float>(y + s, len);
        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(x + s, len), alpha, ys, ys);
    });

    public static void AddChannelBias(float* y, float* bias, long outer, int channels, long inner)
    {
        for (long o = 0; o < outer; o++)
        {
            for (var c = 0; c < channels; c++)
            {
                var row = new Span<float>(y + ((o * channels) + c) * inner, (int)inner);
                TensorPrimitives.Add(row, bias[c], row);
            }
        }
    }

    /// <summary>y = x for x &gt; 0, slope·x otherwise (also the in-place form when x and y alias).</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float slope)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(slope);
            fixed (float* px = x)
            fixed (float* py = y)
            {
                for (; i + 8 <= x.Length; i += 8)
                {
                    var v = Vector256.Load(px + i);
                    Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * s).Store(py + i);
                }
            }
        }
        for (; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
    }

    private static void LeakyReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, float slope)
    {
        for (var i = 0; i < x.Length; i++) dx[i] = x[i] > 0 ? dy[i] : slope * dy[i];
    }
}
