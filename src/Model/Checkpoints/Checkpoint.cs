using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors.Serialization;

namespace MultiMix.Model.Checkpoints;

/// <summary>
/// A safetensors file holding the network's weights under their PyTorch state_dict names, optionally the Adam
/// moments ("adam.m.*", "adam.v.*"), and string metadata (architecture, epoch, random-stream positions…).
/// A PyTorch MultiMix state_dict converted to safetensors loads unchanged.
/// </summary>
public static class Checkpoint
{
    public const string FormatKey = "format";
    public const string FormatValue = "multimix-native/1";
    public const string ConfigKey = "config";
    public const string AdamStepsKey = "adam.steps";

    /// <summary>The names of the optimizer's tensors start with this (the Adam moments); a weights-only checkpoint has none.</summary>
    public const string OptimizerPrefix = "adam.";

    public static void Save(string path, MultiMixNet model, Adam? optimizer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = new Dictionary<string, HostTensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.NamedParameters()) tensors[name] = HostTensor.From(t);
        if (optimizer is not null)
        {
            foreach (var (name, t) in optimizer.State()) tensors[name] = HostTensor.From(t);
        }
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [FormatKey] = FormatValue,
            [ConfigKey] = model.Config.ToJson(),
        };
        if (optimizer is not null) meta[AdamStepsKey] = optimizer.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SafeTensors.Write(path, tensors, meta);
    }

    /// <summary>Reads a checkpoint: its tensors, metadata and, when the metadata has it, the architecture (null for a plain weights file, e.g. from PyTorch).</summary>
    public static CheckpointFile Read(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"{path}: checkpoint file not found.");
        Dictionary<string, HostTensor> tensors;
        Dictionary<string, string> meta;
        try
        {
            (tensors, meta) = SafeTensors.Read(path);
        }
        catch (SafeTensorsFormatException e)
        {
            throw new CheckpointException(e.Message);
        }
        ModelConfig? config = null;
        if (meta.TryGetValue(ConfigKey, out var json))
        {
            try
            {
                config = ModelConfig.FromJson(json);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new CheckpointException($"{path}: the architecture in its metadata is unreadable ({e.Message}).");
            }

            if (config.Problem() is { } problem)
            {
                throw new CheckpointException($"{path}: the architecture in its metadata is impossible: {problem} (a damaged or hand-edited checkpoint).");
            }
        }
        return new CheckpointFile(path, tensors, meta, config);
    }
}
