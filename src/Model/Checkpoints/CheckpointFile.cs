using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors.Serialization;

namespace MultiMix.Model.Checkpoints;

/// <summary>
/// A checkpoint read into memory (<see cref="Checkpoint.Read"/>): its tensors by name, its metadata, and the
/// architecture when the metadata names one. <see cref="Source"/> is where it came from, used in messages.
/// </summary>
public sealed record CheckpointFile(string Source, Dictionary<string, HostTensor> Tensors, IReadOnlyDictionary<string, string> Metadata, ModelConfig? Config)
{
    /// <summary>Tensors a published checkpoint carries that this model never uses.</summary>
    private static readonly string[] s_ignored = ["decoder.conv_last_saliency.weight", "decoder.conv_last_saliency.bias"];

    /// <summary>
    /// Copies the weights into <paramref name="model"/> (and the moments and step count into
    /// <paramref name="optimizer"/> when given). Every model parameter must be present with its shape; tensors
    /// the model does not have are an error except the unused conv_last_saliency of the published code. A tensor
    /// holding NaN or an infinity is refused, naming it, before anything is copied.
    /// </summary>
    public void LoadInto(MultiMixNet model, Adam? optimizer = null)
    {
        var expected = model.NamedParameters().ToList();
        if (optimizer is not null) expected.AddRange(optimizer.State());
        var known = new HashSet<string>(expected.Select(e => e.Name), StringComparer.Ordinal);
        var missing = expected.Where(e => !Tensors.ContainsKey(e.Name)).Select(e => e.Name).ToList();
        if (missing.Count > 0)
        {
            throw new CheckpointException($"{Source}: missing {missing.Count} tensor(s) the {model.Config.Variant.Name()} model needs, e.g. '{missing[0]}' (a checkpoint of another architecture?).");
        }
        var unexpected = Tensors.Keys.Where(k => !known.Contains(k) && !s_ignored.Contains(k) && !(optimizer is null && k.StartsWith(Checkpoint.OptimizerPrefix, StringComparison.Ordinal))).ToList();
        if (unexpected.Count > 0)
        {
            throw new CheckpointException($"{Source}: holds {unexpected.Count} tensor(s) this {model.Config.Variant.Name()} model does not have, e.g. '{unexpected[0]}' (a checkpoint of another architecture?).");
        }
        foreach (var (name, t) in expected)
        {
            var stored = Tensors[name];
            if (stored.Floats is null || !stored.Shape.SequenceEqual(t.Shape))
            {
                throw new CheckpointException($"{Source}: tensor '{name}' is {stored.DType}[{string.Join(", ", stored.Shape)}], the model needs Float32{t.Shape} (a checkpoint of another architecture or width?).");
            }
        }
        foreach (var (name, _) in expected)
        {
            var values = Tensors[name].Floats!;
            var bad = 0;
            foreach (var v in values)
            {
                bad += float.IsFinite(v) ? 0 : 1;
            }

            if (bad > 0)
            {
                var kind = values.Any(float.IsNaN) ? "NaN" : "infinite";
                throw new CheckpointException($"{Source}: tensor '{name}' holds {kind} values ({bad} of {values.Length}); the checkpoint comes from a diverged run or is damaged.");
            }
        }

        foreach (var (name, t) in expected) t.CopyFrom(Tensors[name].Floats);
        if (optimizer is not null && Metadata.TryGetValue(Checkpoint.AdamStepsKey, out var steps)) optimizer.Restore(int.Parse(steps, System.Globalization.CultureInfo.InvariantCulture));
    }
}
