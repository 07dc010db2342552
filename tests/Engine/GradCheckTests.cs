using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>Every differentiable op's backward against central finite differences, on small odd-sized inputs.</summary>
public sealed class GradCheckTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string[] ops =
        [
            "conv3x3", "conv3x3_nobias", "conv1x1", "instance_norm", "instance_norm_leaky", "leaky_relu", "dropout",
            "max_pool", "global_avg_pool", "linear", "resize_up2", "resize_down8", "resize_odd", "concat", "narrow",
            "sigmoid", "softmax", "log_softmax", "softmax_axis0", "cross_entropy", "cross_entropy_per_sample", "abs",
            "max", "add", "sub", "mul", "div", "scale", "add_scalar", "exp", "log", "sum", "mean", "sum_axis", "mean_axis",
            "dice", "pseudo_label", "kl", "reshape", "instance_norm_dropout", "instance_norm_dropout_odd",
        ];
        foreach (var backend in Backends.Names)
        {
            foreach (var op in ops) data.Add(backend, op);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_finite_differences(string backendName, string op)
    {
        var backend = Backends.Get(backendName);
        var (f, inputs) = Case(backend, op, StableSeed(op));
        var result = GradCheck.Run(backend, f, inputs);
        Assert.True(result.Passed, $"{op}: {result}");
    }

    /// <summary>An op whose backward is off by a factor must be caught, or the check proves nothing.</summary>
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Check_catches_a_wrong_backward(string backendName)
    {
        var backend = Backends.Get(backendName);
        var rng = new HostRandom(3);
        var result = GradCheck.Run(backend, xs => WrongSigmoid(xs[0]), (rng.Uniform(12), [3, 4]));
        Assert.False(result.Passed, "A backward scaled by 1.1 passed the gradient check.");
        var correct = GradCheck.Run(backend, xs => F.Sigmoid(xs[0]), (rng.Uniform(12), [3, 4]));
        Assert.True(correct.Passed, correct.ToString());
    }

    /// <summary>Sigmoid whose recorded backward is 10% too large: a stand-in for a buggy kernel.</summary>
    private static Tensor WrongSigmoid(Tensor x)
    {
        var y = F.Sigmoid(x.Detach());
        var wrong = y.Detach();
        if (x.RequiresGrad)
        {
            wrong.Node = new Tensors.Autograd.GradNode("wrong_sigmoid", [x], (dy, _) => [F.Scale(F.Mul(dy, F.Mul(y, F.AddScalar(F.Scale(y, -1f), 1f))), 1.1f)]);
        }
        return wrong;
    }

    /// <summary>
    /// A seed fixed by the op's name (FNV-1a), the same in every process: string.GetHashCode is randomised per
    /// process, which gave every run different inputs and made a kink-sensitive case fail one run in many.
    /// </summary>
    public static int StableSeed(string op)
    {
        var h = 2166136261u;
        foreach (var c in op) h = (h ^ c) * 16777619u;
        return (int)(h & 0xffff);
    }

    public static (Func<Tensor[], Tensor> F, (float[], int[])[] Inputs) Case(IBackend backend, string op, int seed)
    {
        var r = new HostRandom(seed);
        (float[], int[]) In(params int[] shape) => (r.Uniform(shape.Aggregate(1, (a, b) => a * b)), shape);
        (float[], int[]) Spread(params int[] shape) => (r.Distinct(shape.Aggregate(1, (a, b) => a * b)), shape);
        (float[], int[]) Bimodal(params int[] shape)
        {
            // Two clusters at ±1, each spread by at most ±0.25 whatever the size, so every plane's normalised values
            // stay far from LeakyReLU's kink at zero.
            var n = shape.Aggregate(1, (a, b) => a * b);
            return (r.Distinct(n, 0.5f / n).Select((v, i) => v + (i % 2 == 0 ? 1f : -1f)).ToArray(), shape);
        }
        return op switch
        {
            "conv3x3" => (xs => F.Conv2d(xs[0], xs[1], xs[2]), [In(2, 3, 5, 7), In(4, 3, 3, 3), In(4)]),
            "conv3x3_nobias" => (xs => F.Conv2d(xs[0], xs[1], null), [In(1, 2, 4, 3), In(3, 2, 3, 3)]),
            "conv1x1" => (xs => F.Conv2d(xs[0], xs[1], xs[2]), [In(2, 3, 3, 5), In(2, 3, 1, 1), In(2)]),
            "instance_norm" => (xs => F.InstanceNorm(xs[0]), [In(2, 3, 3, 5)]),
            "instance_norm_leaky" => (xs => F.InstanceNorm(xs[0], 1e-5f, 0.2f), [Bimodal(2, 2, 3, 5)]),
            "leaky_relu" => (xs => F.LeakyRelu(xs[0], 0.2f), [Spread(3, 7)]),
            "dropout" => (xs => F.Dropout(xs[0], 0.25f, true, new RandomStream(11)), [In(4, 9)]),
            "instance_norm_dropout" => (xs => F.InstanceNormDropout(xs[0], 1e-5f, 0.2f, 0.25f, true, new RandomStream(11, 3)), [Bimodal(1, 2, 4, 8)]),
            "instance_norm_dropout_odd" => (xs => F.InstanceNormDropout(xs[0], 1e-5f, 0.2f, 0.5f, true, new RandomStream(12)), [Bimodal(2, 3, 3, 5)]),
            "max_pool" => (xs => F.MaxPool2x2(xs[0]), [Spread(2, 2, 4, 6)]),
            "global_avg_pool" => (xs => F.GlobalAvgPool(xs[0]), [In(2, 3, 3, 5)]),
            "linear" => (xs => F.Linear(xs[0], xs[1], xs[2]), [In(3, 5), In(4, 5), In(4)]),
            "resize_up2" => (xs => F.ResizeBilinear(xs[0], 2.0), [In(1, 2, 3, 4)]),
            "resize_down8" => (xs => F.ResizeBilinear(xs[0], 0.125), [In(1, 2, 16, 24)]),
            "resize_odd" => (xs => F.ResizeBilinear(xs[0], 9, 13), [In(2, 1, 5, 7)]),
            "concat" => (xs => F.Concat(1, xs[0], xs[1], xs[2]), [In(2, 1, 3, 3), In(2, 3, 3, 3), In(2, 2, 3, 3)]),
            "narrow" => (xs => F.Narrow(xs[0], 0, 1, 2), [In(4, 3, 2)]),
            "sigmoid" => (xs => F.Sigmoid(xs[0]), [In(5, 3)]),
            "softmax" => (xs => F.Softmax(xs[0], 1), [In(4, 5)]),
            "log_softmax" => (xs => F.LogSoftmax(xs[0], 1), [In(4, 5)]),
            "softmax_axis0" => (xs => F.Softmax(xs[0], 0), [In(3, 4, 2)]),
            "cross_entropy" => CrossEntropyCase(backend, r, perSample: false),
            "cross_entropy_per_sample" => CrossEntropyCase(backend, r, perSample: true),
            "abs" => (xs => F.Abs(xs[0]), [Spread(4, 5)]),
            "max" => (xs => F.Max(xs[0], 1).Values, [Spread(3, 4, 2)]),
            "add" => (xs => F.Add(xs[0], xs[1]), [In(3, 4), In(3, 4)]),
            "sub" => (xs => F.Sub(xs[0], xs[1]), [In(3, 4), In(3, 4)]),
            "mul" => (xs => F.Mul(xs[0], xs[1]), [In(3, 4), In(3, 4)]),
            "div" => (xs => F.Div(xs[0], F.AddScalar(F.Abs(xs[1]), 0.5f)), [In(3, 4), Spread(3, 4)]),
            "scale" => (xs => F.Scale(xs[0], -1.7f), [In(3, 4)]),
            "add_scalar" => (xs => F.AddScalar(xs[0], 0.3f), [In(3, 4)]),
            "exp" => (xs => F.Exp(xs[0]), [In(3, 4)]),
            "log" => (xs => F.Log(F.AddScalar(F.Abs(xs[0]), 0.5f)), [Spread(3, 4)]),
            "sum" => (xs => F.Sum(xs[0]), [In(3, 5)]),
            "mean" => (xs => F.Mean(xs[0]), [In(3, 5)]),
            "sum_axis" => (xs => F.Sum(xs[0], 1), [In(2, 3, 4)]),
            "mean_axis" => (xs => F.Mean(xs[0], -1), [In(2, 3, 4)]),
            "dice" => DiceCase(backend, r),
            "pseudo_label" => PseudoLabelCase(r),
            "kl" => (xs => F.BernoulliKl(xs[0], xs[1]), [(r.Uniform(18, -3f, 3f), [2, 1, 3, 3]), (r.Uniform(18, -3f, 3f), [2, 1, 3, 3])]),
            "reshape" => (xs => F.Reshape(F.Scale(xs[0], 2f), 6, 2), [In(3, 4)]),
            _ => throw new ArgumentException(op),
        };
    }

    private static (Func<Tensor[], Tensor>, (float[], int[])[]) CrossEntropyCase(IBackend backend, HostRandom r, bool perSample)
    {
        var labels = r.Labels(5, 3);
        return (xs =>
        {
            var l = Tensor.FromArray(backend, labels, 5);
            return perSample ? F.CrossEntropyPerSample(xs[0], l) : F.CrossEntropy(xs[0], l);
        }, [(r.Uniform(15, -2f, 2f), [5, 3])]);
    }

    private static (Func<Tensor[], Tensor>, (float[], int[])[]) DiceCase(IBackend backend, HostRandom r)
    {
        var target = r.Binary(2 * 4 * 5);
        return (xs => F.DiceLoss(xs[0], Tensor.FromArray(backend, target, 2, 1, 4, 5)), [(r.Uniform(40, -2f, 2f), [2, 1, 4, 5])]);
    }

    /// <summary>The weak view is far from the threshold so a finite step does not flip the mask.</summary>
    private static (Func<Tensor[], Tensor>, (float[], int[])[]) PseudoLabelCase(HostRandom r)
    {
        float[] weak = [3f, 0f, 0f, 0.1f, -0.1f, 0f, 0f, 0f, 4f, 0.2f, 0.1f, 0f];
        return (xs => F.PseudoLabelCrossEntropy(xs[0], xs[1], 0.7f).Loss, [(weak, [4, 3]), (r.Uniform(12, -2f, 2f), [4, 3])]);
    }
}
