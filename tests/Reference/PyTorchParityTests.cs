using System.Globalization;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Serialization;
using Xunit;

namespace MultiMix.Tests.Reference;

/// <summary>
/// Cross-checks the engine's differentiable ops against PyTorch (float64) on the values that
/// tests/reference/make_reference.py stored in reference/ops.safetensors. For each case the engine runs the op
/// on the stored inputs, compares the output, then compares ⟨dy, ∂y/∂input⟩ for every differentiable input with
/// the gradient torch.autograd gave for the same dy. Every float element must satisfy
/// |engine − torch| ≤ 1e-4 + 1e-4·|torch|; int outputs (indices) must match exactly.
/// </summary>
public sealed class PyTorchParityTests
{
    private const double AbsTolerance = 1e-4;
    private const double RelTolerance = 1e-4;

    private static readonly Lazy<(Dictionary<string, HostTensor> Tensors, Dictionary<string, string> Metadata)> s_file =
        new(() => SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "reference", "ops.safetensors")));

    /// <summary>How the engine computes each stored op; its keys are the ops the file must cover.</summary>
    private static readonly Dictionary<string, Func<Case, Tensor>> s_ops = new(StringComparer.Ordinal)
    {
        ["conv2d"] = c => F.Conv2d(c.Input("x"), c.Input("w"), c.OptionalInput("b")),
        ["instance_norm"] = c => F.InstanceNorm(c.Input("x"), c.Float("eps")),
        ["instance_norm_leaky_relu"] = c => F.InstanceNorm(c.Input("x"), c.Float("eps"), c.Float("slope")),
        ["leaky_relu"] = c => F.LeakyRelu(c.Input("x"), c.Float("slope")),
        ["max_pool2d"] = c => F.MaxPool2x2(c.Input("x")),
        ["global_avg_pool"] = c => F.GlobalAvgPool(c.Input("x")),
        ["linear"] = c => F.Linear(c.Input("x"), c.Input("w"), c.OptionalInput("b")),
        ["resize_bilinear"] = c => c.Has("scale")
            ? F.ResizeBilinear(c.Input("x"), c.Double("scale"))
            : F.ResizeBilinear(c.Input("x"), c.Int("height"), c.Int("width")),
        ["concat"] = c => F.Concat(c.Int("axis"), c.InputSeries("x")),
        ["narrow"] = c => F.Narrow(c.Input("x"), c.Int("axis"), c.Int("start"), c.Int("length")),
        ["sigmoid"] = c => F.Sigmoid(c.Input("x")),
        ["abs"] = c => F.Abs(c.Input("x")),
        ["exp"] = c => F.Exp(c.Input("x")),
        ["log"] = c => F.Log(c.Input("x")),
        ["add"] = c => F.Add(c.Input("a"), c.Input("b")),
        ["sub"] = c => F.Sub(c.Input("a"), c.Input("b")),
        ["mul"] = c => F.Mul(c.Input("a"), c.Input("b")),
        ["div"] = c => F.Div(c.Input("a"), c.Input("b")),
        ["mul_scalar"] = c => F.Scale(c.Input("x"), c.Float("s")),
        ["add_scalar"] = c => F.AddScalar(c.Input("x"), c.Float("s")),
        ["sub_scalar"] = c => c.Input("x") - c.Float("s"),
        ["div_scalar"] = c => F.Scale(c.Input("x"), 1f / c.Float("s")),
        ["sum"] = c => c.Has("axis") ? F.Sum(c.Input("x"), c.Int("axis")) : F.Sum(c.Input("x")),
        ["mean"] = c => c.Has("axis") ? F.Mean(c.Input("x"), c.Int("axis")) : F.Mean(c.Input("x")),
        ["max"] = c =>
        {
            var (values, indices) = F.Max(c.Input("x"), 1);
            c.Extra("indices", indices);
            return values;
        },
        ["softmax"] = c => F.Softmax(c.Input("x"), 1),
        ["log_softmax"] = c => F.LogSoftmax(c.Input("x"), 1),
        ["cross_entropy"] = c => F.CrossEntropy(c.Input("x"), c.Const("labels")),
        ["cross_entropy_per_sample"] = c => F.CrossEntropyPerSample(c.Input("x"), c.Const("labels")),
        ["dice"] = c => F.DiceLoss(c.Input("s"), c.Const("target")),
        ["pseudo_label_ce"] = c =>
        {
            var (loss, mask) = F.PseudoLabelCrossEntropy(c.Const("weak"), c.Input("strong"), c.Float("threshold"));
            c.Extra("mask", mask);
            return loss;
        },
        ["bernoulli_kl"] = c => F.BernoulliKl(c.Input("a"), c.Input("b")),
    };

    /// <summary>Cases the issue names explicitly (odd sizes, both kernel sizes, the resize scales of the model).</summary>
    private static readonly string[] s_requiredCases =
    [
        "conv2d/k3_odd", "conv2d/k1_odd", "instance_norm/odd", "instance_norm_leaky_relu/odd",
        "resize_bilinear/scale2", "resize_bilinear/scale0125", "resize_bilinear/odd_5x7_to_9x13",
        "cross_entropy/c1", "cross_entropy_per_sample/c1", "pseudo_label_ce/tau07",
        "sum/all", "sum/axis1", "mean/all", "mean/axis1",
    ];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var id in CaseIds()) data.Add(id);
        return data;
    }

    [Fact]
    public void FileCoversEveryOp()
    {
        var ids = CaseIds().ToHashSet(StringComparer.Ordinal);
        var ops = ids.Select(OpOf).ToHashSet(StringComparer.Ordinal);
        var missingCases = s_requiredCases.Where(id => !ids.Contains(id)).ToArray();
        var missingOps = s_ops.Keys.Where(op => !ops.Contains(op)).ToArray();
        var unknownOps = ops.Where(op => !s_ops.ContainsKey(op)).ToArray();
        Assert.True(missingCases.Length == 0, $"The reference file lacks the cases {string.Join(", ", missingCases)}.");
        Assert.True(missingOps.Length == 0, $"The reference file has no case for the ops {string.Join(", ", missingOps)}.");
        Assert.True(unknownOps.Length == 0, $"The reference file has ops the test does not run: {string.Join(", ", unknownOps)}.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string id)
    {
        using var scope = new TensorScope();
        var c = new Case(id);
        var y = s_ops[OpOf(id)](c);
        AssertClose(c.Expected("y"), y, $"{id}/y");
        foreach (var (name, value) in c.Extras) AssertClose(c.Expected(name), value, $"{id}/{name}");

        var grads = Backprop.Grad(F.Sum(F.Mul(y, c.Const("dy"))), [.. c.Inputs.Select(i => i.Leaf)]);
        for (var i = 0; i < grads.Length; i++)
        {
            var name = "d" + c.Inputs[i].Name;
            AssertClose(c.Expected(name), grads[i], $"{id}/{name}");
        }
        Assert.Equal(c.Stored, c.Used);
    }

    private static IEnumerable<string> CaseIds() =>
        s_file.Value.Tensors.Keys.Select(k => k[..k.LastIndexOf('/')]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static string OpOf(string id) => id[..id.IndexOf('/')];

    private static void AssertClose(HostTensor expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape.ToArray()), $"{what}: engine shape {actual.Shape}, torch [{string.Join(", ", expected.Shape)}].");
        if (expected.Ints is not null)
        {
            Assert.Equal(expected.Ints, actual.ToIntArray());
            return;
        }
        var engine = actual.ToArray();
        var torch = expected.Floats!;
        var bad = 0;
        var worst = -1;
        var worstExcess = double.NegativeInfinity;
        for (var i = 0; i < torch.Length; i++)
        {
            var excess = Math.Abs((double)engine[i] - torch[i]) - (AbsTolerance + (RelTolerance * Math.Abs(torch[i])));
            if (excess <= 0) continue;
            bad++;
            if (worst < 0 || excess > worstExcess)
            {
                worst = i;
                worstExcess = excess;
            }
        }
        if (bad == 0) return;
        Assert.Fail(
            $"{what}: {bad} of {torch.Length} elements differ by more than {AbsTolerance} + {RelTolerance}·|torch|; " +
            $"worst at flat index {worst}: engine {engine[worst].ToString("R", CultureInfo.InvariantCulture)}, " +
            $"torch {torch[worst].ToString("R", CultureInfo.InvariantCulture)}.");
    }

    /// <summary>One stored case: uploads its tensors, reads its parameters and records what the engine used.</summary>
    private sealed class Case
    {
        private readonly string _id;
        private readonly List<(string Name, Tensor Leaf)> _inputs = [];
        private readonly List<(string Name, Tensor Value)> _extras = [];

        public Case(string id)
        {
            _id = id;
            var prefix = id + "/";
            Stored = new(
                s_file.Value.Tensors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]),
                StringComparer.Ordinal);
        }

        public IReadOnlyList<(string Name, Tensor Leaf)> Inputs => _inputs;

        public IReadOnlyList<(string Name, Tensor Value)> Extras => _extras;

        /// <summary>The names of every tensor the file holds for this case.</summary>
        public SortedSet<string> Stored { get; }

        /// <summary>The names of the tensors the test read (inputs, constants, expectations).</summary>
        public SortedSet<string> Used { get; } = new(StringComparer.Ordinal);

        /// <summary>A stored input as a leaf whose gradient is compared.</summary>
        public Tensor Input(string name)
        {
            var t = Const(name);
            t.RequiresGrad = true;
            _inputs.Add((name, t));
            return t;
        }

        /// <summary>The stored input of that name, or null when the case has none (an op without bias).</summary>
        public Tensor? OptionalInput(string name) => Stored.Contains(name) ? Input(name) : null;

        /// <summary>Stored inputs name0, name1, … in order.</summary>
        public Tensor[] InputSeries(string name)
        {
            var parts = new List<Tensor>();
            for (var k = 0; Stored.Contains(name + k.ToString(CultureInfo.InvariantCulture)); k++)
            {
                parts.Add(Input(name + k.ToString(CultureInfo.InvariantCulture)));
            }
            return [.. parts];
        }

        /// <summary>A stored tensor without gradient (a target, labels, the upstream gradient).</summary>
        public Tensor Const(string name) => Expected(name).ToTensor(CpuBackend.Shared);

        /// <summary>An engine output besides y (indices, masks) to compare with the stored tensor of that name.</summary>
        public void Extra(string name, Tensor value) => _extras.Add((name, value));

        public HostTensor Expected(string name)
        {
            Assert.True(s_file.Value.Tensors.TryGetValue($"{_id}/{name}", out var t), $"{_id}: the reference file has no tensor '{name}'.");
            Used.Add(name);
            return t;
        }

        public bool Has(string param) => s_file.Value.Metadata.ContainsKey($"{_id}/{param}");

        public float Float(string param) => float.Parse(Param(param), CultureInfo.InvariantCulture);

        public double Double(string param) => double.Parse(Param(param), CultureInfo.InvariantCulture);

        public int Int(string param) => int.Parse(Param(param), CultureInfo.InvariantCulture);

        private string Param(string param)
        {
            Assert.True(s_file.Value.Metadata.TryGetValue($"{_id}/{param}", out var value), $"{_id}: the reference file has no parameter '{param}'.");
            return value;
        }
    }
}
