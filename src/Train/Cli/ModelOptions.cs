using MultiMix.Kernels.Backend;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;

namespace MultiMix.Train.Cli;

/// <summary>Options naming the architecture, the device and the loss weights.</summary>
public static class ModelOptions
{
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("variant", "NAME", "Model: multimix, umtls-ssl, umtls, umtl, enc-ssl, enc, unet", "multimix"),
        new("width", "N", "Base channel width w (blocks use w, 2w, 4w, 8w, 16w)", "16"),
        new("size", "PX", "Input size, a multiple of 32", "256 for real data, 64 for the synthetic default"),
        new("device", "NAME", "cpu, cuda (GPU 0) or cuda:N (GPU N)", "cpu"),
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

    /// <summary>The backend --device names; the caller disposes the holder, which disposes a GPU backend and never the shared CPU one.</summary>
    public static OpenedBackend Backend(ArgParser a)
    {
        if (!DeviceName.TryParse(a.Required("device"), out var device, out var error)) throw new CliException($"option --device {error}.");
        return OpenedBackend.TryOpen(device, out var opened, out var why)
            ? opened
            : throw new CliException($"option --device {device}: no usable GPU: {why.TrimEnd('.')}. Use --device cpu, or see 'multimix doctor'.");
    }
}
