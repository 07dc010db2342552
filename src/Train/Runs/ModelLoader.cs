using MultiMix.Model.Checkpoints;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;

namespace MultiMix.Train.Runs;

/// <summary>The architecture options a command line gave explicitly (null where not given).</summary>
public sealed record ArchitectureRequest(ModelVariant? Variant = null, int? Width = null, int? ImageSize = null)
{
    public static ArchitectureRequest None { get; } = new();
}

/// <summary>
/// Builds a network from a checkpoint: the architecture comes from its metadata, or from the caller for plain
/// weight files (PyTorch exports). Architecture options given on the command line that differ from a
/// checkpoint's own are named in one line, since the checkpoint's architecture is what runs.
/// </summary>
public static class ModelLoader
{
    public static MultiMixNet Load(string path, IBackend backend, ModelConfig? fallback, ArchitectureRequest? request = null, TextWriter? status = null)
    {
        var checkpoint = Checkpoint.Read(path);
        if (checkpoint.Config is { } own && status is not null && Ignored(own, request ?? ArchitectureRequest.None) is { Count: > 0 } ignored)
        {
            status.WriteLine($"Note: {path} is a {own.Variant.Name()} model of width {own.Width} at {own.ImageSize} px; {string.Join(" ", ignored)} ignored (a checkpoint's own architecture is used).");
        }

        var config = checkpoint.Config ?? fallback ?? throw new CheckpointException($"{path}: has no architecture metadata (a PyTorch export?); name it with --variant, --width and --size.");
        var model = new MultiMixNet(backend, config, 0);
        try
        {
            checkpoint.LoadInto(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static List<string> Ignored(ModelConfig own, ArchitectureRequest request)
    {
        var ignored = new List<string>();
        if (request.Variant is { } variant && variant != own.Variant) ignored.Add($"--variant {variant.Name()}");
        if (request.Width is { } width && width != own.Width) ignored.Add($"--width {width}");
        if (request.ImageSize is { } size && size != own.ImageSize) ignored.Add($"--size {size}");
        return ignored;
    }
}
