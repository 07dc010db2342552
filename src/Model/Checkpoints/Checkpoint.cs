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

    /// <summary>Tensors a published checkpoint carries that this model never uses.</summary>
    private static readonly string[] s_ignored = ["decoder.conv_last_saliency.weight", "decoder.conv_last_saliency.bias"];

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
        if (optimizer is not null) meta["adam.steps"] = optimizer.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SafeTensors.Write(path, tensors, meta);
    }

    /// <summary>Reads a checkpoint's architecture from its metadata, or null for a plain weights file (e.g. from PyTorch).</summary>
    public static (Dictionary<string, HostTensor> Tensors, Dictionary<string, string> Metadata, ModelConfig? Config) Read(string path)
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
        }
        return (tensors, meta, config);
    }

    /// <summary>
    /// Copies weights into <paramref name="model"/> (and moments into <paramref name="optimizer"/> when given).
    /// Every model parameter must be present with its shape; tensors the model does not have are an error
    /// except the unused conv_last_saliency of the published code.
    /// </summary>
    public static void Load(string path, Dictionary<string, HostTensor> tensors, MultiMixNet model, Adam? optimizer, IReadOnlyDictionary<string, string> metadata)
    {
        var expected = model.NamedParameters().ToList();
        if (optimizer is not null) expected.AddRange(optimizer.State());
        var known = new HashSet<string>(expected.Select(e => e.Name), StringComparer.Ordinal);
        var missing = expected.Where(e => !tensors.ContainsKey(e.Name)).Select(e => e.Name).ToList();
        if (missing.Count > 0)
        {
            throw new CheckpointException($"{path}: missing {missing.Count} tensor(s) the {model.Config.Variant.CliName()} model needs, e.g. '{missing[0]}' (a checkpoint of another architecture?).");
        }
        var unexpected = tensors.Keys.Where(k => !known.Contains(k) && !s_ignored.Contains(k) && !(optimizer is null && k.StartsWith("adam.", StringComparison.Ordinal))).ToList();
        if (unexpected.Count > 0)
        {
            throw new CheckpointException($"{path}: holds {unexpected.Count} tensor(s) this {model.Config.Variant.CliName()} model does not have, e.g. '{unexpected[0]}' (a checkpoint of another architecture?).");
        }
        foreach (var (name, t) in expected)
        {
            var stored = tensors[name];
            if (stored.Floats is null || !stored.Shape.SequenceEqual(t.Shape))
            {
                throw new CheckpointException($"{path}: tensor '{name}' is {stored.DType}[{string.Join(", ", stored.Shape)}], the model needs Float32{t.Shape} (a checkpoint of another architecture or width?).");
            }
        }
        foreach (var (name, t) in expected) t.CopyFrom(tensors[name].Floats);
        if (optimizer is not null && metadata.TryGetValue("adam.steps", out var steps)) optimizer.Restore(int.Parse(steps, System.Globalization.CultureInfo.InvariantCulture));
    }
}
