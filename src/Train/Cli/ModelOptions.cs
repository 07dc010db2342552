using MultiMix.Kernels.Backend;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Train.Cli;

/// <summary>Options naming the architecture, the device and the loss weights.</summary>
public static class ModelOptions
{
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("variant", "NAME", "Model: multimix, umtls-ssl, umtls, umtl, enc-ssl, enc, unet", "multimix"),
        new("width", "N", "Base channel width w (blocks use w, 2w, 4w, 8w, 16w)", "16"),
        new("size", "PX", "Input size, a multiple of 32", "256 for real data, 64 for the synthetic default"),
        new("device", "NAME", "cpu or cuda", "cpu"),
    ];

    public static IReadOnlyList<OptionSpec> LossSpecs { get; } =
    [
        new("w-ce", "X", "Weight of the supervised cross-entropy", "1"),
        new("w-dice", "X", "Weight of the Dice loss", "5"),
        new("w-pseudo", "X", "Weight of the pseudo-label term", "0.25"),
        new("w-kl", "X", "Weight of the consistency (KL) term", "0.01"),
        new("threshold", "P", "Pseudo-label confidence threshold", "0.7"),
    ];

    public static ModelConfig Config(ArgParser a, int defaultSize)
    {
        var name = a.Required("variant");
        if (!ModelVariants.TryParse(name, out var variant))
        {
            throw new CliException($"option --variant must be one of {string.Join(", ", Enum.GetValues<ModelVariant>().Select(v => v.CliName()))}, got '{name}'.");
        }
        var size = a.Has("size") ? a.Int("size", 32, 4096) : defaultSize;
        if (size % 32 != 0) throw new CliException($"option --size must be a multiple of 32 (the encoder halves it five times), got {size}.");
        return new ModelConfig(variant, a.Int("width", 1, 512), size);
    }

    public static LossWeights Weights(ArgParser a) => new(
        a.Float("w-ce", 0, 1000), a.Float("w-dice", 0, 1000), a.Float("w-pseudo", 0, 1000), a.Float("w-kl", 0, 1000), a.Float("threshold", 0, 1));

    public static IBackend Backend(ArgParser a)
    {
        var device = a.Choice("device", "cpu", "cuda");
        if (device == "cpu") return CpuBackend.Shared;
        return CudaBackend.TryCreate(out var cuda, out var why)
            ? cuda
            : throw new CliException($"option --device cuda: no usable GPU: {why} Use --device cpu, or see 'multimix doctor'.");
    }
}
