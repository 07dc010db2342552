using System.Globalization;
using MultiMix.Model.Checkpoints;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Serialization;
using Xunit;

namespace MultiMix.Tests.Reference;

/// <summary>
/// The whole MultiMix model against PyTorch (llm.c style): tests/reference/make_model_reference.py builds the
/// network from docs/architecture.md ("The model") in PyTorch (width 4, 32×32), runs it in float64 on float32
/// weights and a five-stream batch, and stores the weights under their state_dict names (with the published, unused conv_last_saliency),
/// the outputs, the loss terms and every parameter gradient in reference/model.safetensors. The engine loads the
/// weights through the public checkpoint path, runs in eval mode (dropout off) and must agree element by element
/// within |engine − torch| ≤ 1e-5 + 1e-4·max|torch|, the maximum taken over the compared tensor. The scale of a
/// tensor, not of each element, sets the tolerance because float32 rounding of sums is relative to the terms
/// summed: PyTorch's own float32 run is within about 1.3e-5·max of the float64 answer on these values (the
/// generator prints it), as is the engine, while dropping the 0.01-weighted consistency term moves the decoder's
/// gradients by about 20 tolerances (a fact below checks that). The bias gradients of convolutions followed by
/// instance norm are zero in exact arithmetic; the 1e-5 floor covers their float32 noise.
/// </summary>
public sealed class ModelParityTests
{
    private const double AbsTolerance = 1e-5;
    private const double ScaleTolerance = 1e-4;

    private static readonly string s_path = Path.Combine(AppContext.BaseDirectory, "reference", "model.safetensors");

    private static readonly Lazy<(Dictionary<string, HostTensor> Tensors, Dictionary<string, string> Metadata)> s_file =
        new(() => SafeTensors.Read(s_path));

    private static Dictionary<string, HostTensor> Stored => s_file.Value.Tensors;

    private static int Meta(string key) => int.Parse(s_file.Value.Metadata[key], CultureInfo.InvariantCulture);

    private static StreamLayout Layout => new(Meta("seg_labeled"), Meta("seg_unlabeled"), Meta("cls_labeled"), Meta("cls_unlabeled"));

    [Fact]
    public void Forward_and_saliency_match_PyTorch()
    {
        using var scope = new TensorScope();
        using var model = LoadModel();
        var x = Stored["x"].ToTensor(CpuBackend.Shared);
        using (GradMode.NoGrad())
        {
            var (segmentation, classes) = model.Forward(x);
            AssertClose(Stored["out/segmentation_logits"], segmentation!, "segmentation logits");
            AssertClose(Stored["out/class_logits"], classes!, "class logits");
        }
        AssertClose(Stored["out/saliency"], model.Saliency(x), "saliency");
    }

    [Fact]
    public void Loss_terms_and_every_parameter_gradient_match_PyTorch()
    {
        using var scope = new TensorScope();
        using var model = LoadModel();
        var x = Stored["x"].ToTensor(CpuBackend.Shared);
        var masks = Stored["masks"].ToTensor(CpuBackend.Shared);
        var labels = Stored["labels"].ToTensor(CpuBackend.Shared);
        var (segmentation, classes) = model.Forward(x);
        var (total, terms) = MultiMixLoss.Compute(ModelVariant.MultiMix, new LossWeights(), Layout, segmentation, classes, masks, labels);

        AssertClose(Stored["loss/total"], [terms.Total], "loss/total");
        AssertClose(Stored["loss/dice"], [terms.Dice], "loss/dice");
        AssertClose(Stored["loss/ce"], [terms.CrossEntropy], "loss/ce");
        AssertClose(Stored["loss/pseudo"], [terms.PseudoLabel], "loss/pseudo");
        AssertClose(Stored["loss/kl"], [terms.Consistency], "loss/kl");
        var mask = Stored["loss/mask"].Floats!;
        Assert.True(mask.Contains(0f) && mask.Contains(1f), "The reference's weak view must have confident and unconfident images.");
        Assert.Equal(mask.Average(), terms.MaskRate);

        Backprop.Backward(total);
        var compared = 0;
        foreach (var (name, parameter) in model.NamedParameters())
        {
            Assert.True(Stored.TryGetValue("grad/" + name, out var expected), $"The reference has no gradient for '{name}'.");
            Assert.NotNull(parameter.Grad);
            AssertClose(expected, parameter.Grad, "grad/" + name);
            compared++;
        }
        Assert.Equal(Stored.Keys.Count(k => k.StartsWith("grad/", StringComparison.Ordinal)), compared);
    }

    [Fact]
    public void The_comparison_catches_one_weight_off_by_a_hundredth()
    {
        using var scope = new TensorScope();
        using var model = LoadModel();
        var weight = model.NamedParameters().Single(p => p.Name == "decoder.dconv_up2.3.weight").Tensor;
        var values = weight.ToArray();
        values[7] += 0.01f;
        weight.CopyFrom(values);
        using var noGrad = GradMode.NoGrad();
        var segmentation = model.Forward(Stored["x"].ToTensor(CpuBackend.Shared)).Segmentation!;
        Assert.NotNull(Mismatch(Stored["out/segmentation_logits"], segmentation.ToArray(), "segmentation logits"));
    }

    [Fact]
    public void The_comparison_catches_a_loss_without_the_consistency_term()
    {
        using var scope = new TensorScope();
        using var model = LoadModel();
        var (segmentation, classes) = model.Forward(Stored["x"].ToTensor(CpuBackend.Shared));
        var (total, _) = MultiMixLoss.Compute(
            ModelVariant.MultiMix, new LossWeights(Consistency: 0f), Layout, segmentation, classes,
            Stored["masks"].ToTensor(CpuBackend.Shared), Stored["labels"].ToTensor(CpuBackend.Shared));
        Backprop.Backward(total);
        Assert.Contains(model.NamedParameters(), p => Mismatch(Stored["grad/" + p.Name], p.Tensor.Grad!.ToArray(), p.Name) is not null);
    }

    /// <summary>The model of the stored width and size with the stored weights, in eval mode.</summary>
    private static MultiMixNet LoadModel()
    {
        Assert.Contains("decoder.conv_last_saliency.weight", Stored.Keys);
        var checkpoint = Checkpoint.Read(s_path);
        var weights = checkpoint.Tensors
            .Where(t => t.Key.StartsWith("encoder.", StringComparison.Ordinal) || t.Key.StartsWith("decoder.", StringComparison.Ordinal))
            .ToDictionary(StringComparer.Ordinal);
        var model = new MultiMixNet(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, Meta("width"), Meta("image_size")), 0);
        (checkpoint with { Tensors = weights }).LoadInto(model);
        model.Eval();
        return model;
    }

    private static void AssertClose(HostTensor expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape.ToArray()), $"{what}: engine shape {actual.Shape}, torch [{string.Join(", ", expected.Shape)}].");
        AssertClose(expected, actual.ToArray(), what);
    }

    private static void AssertClose(HostTensor expected, float[] actual, string what)
    {
        if (Mismatch(expected, actual, what) is { } message) Assert.Fail(message);
    }

    /// <summary>Why <paramref name="actual"/> is not within tolerance of the stored values, or null when it is.</summary>
    private static string? Mismatch(HostTensor expected, float[] actual, string what)
    {
        var torch = expected.Floats!;
        if (torch.Length != actual.Length) return $"{what}: engine has {actual.Length} values, torch {torch.Length}.";
        var tolerance = AbsTolerance + (ScaleTolerance * torch.Max(MathF.Abs));
        var bad = 0;
        var worst = -1;
        var worstExcess = double.NegativeInfinity;
        for (var i = 0; i < torch.Length; i++)
        {
            var excess = Math.Abs((double)actual[i] - torch[i]) - tolerance;
            if (excess <= 0) continue;
            bad++;
            if (worst < 0 || excess > worstExcess)
            {
                worst = i;
                worstExcess = excess;
            }
        }
        if (bad == 0) return null;
        return $"{what}: {bad} of {torch.Length} values differ by more than {tolerance:G3} ({AbsTolerance} + {ScaleTolerance}·max|torch|); " +
            $"worst at flat index {worst}: engine {actual[worst].ToString("R", CultureInfo.InvariantCulture)}, " +
            $"torch {torch[worst].ToString("R", CultureInfo.InvariantCulture)}.";
    }
}
