using System.Globalization;
using MultiMix.Model.Checkpoints;
using MultiMix.Model.Networks;
using MultiMix.Train.Training;

namespace MultiMix.Train.Runs;

/// <summary>Describes a checkpoint in a few lines: architecture, tensors, epoch and losses, whether it resumes, and the run configuration saved in it.</summary>
public static class CheckpointInfo
{
    public static void Write(string path, TextWriter output)
    {
        var checkpoint = Checkpoint.Read(path);
        var meta = checkpoint.Metadata;
        var weights = checkpoint.Tensors.Where(t => !t.Key.StartsWith(Checkpoint.OptimizerPrefix, StringComparison.Ordinal)).Sum(t => (long)t.Value.Shape.Aggregate(1, (a, b) => a * b));
        output.WriteLine($"checkpoint: {Path.GetFullPath(path)}");
        output.WriteLine(checkpoint.Config is { } c
            ? string.Create(CultureInfo.InvariantCulture, $"model: {c.Variant.Name()}, width {c.Width}, {c.ImageSize} px, {weights:N0} weights in {checkpoint.Tensors.Count} tensors")
            : string.Create(CultureInfo.InvariantCulture, $"model: no architecture metadata (a PyTorch export?), {weights:N0} weights in {checkpoint.Tensors.Count} tensors; name it with --variant, --width and --size"));
        if (meta.TryGetValue(ResumePoint.EpochKey, out var epoch))
        {
            var best = meta.TryGetValue(ResumePoint.BestLossKey, out var b) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var loss) && double.IsFinite(loss)
                ? string.Create(CultureInfo.InvariantCulture, $", best validation loss so far {loss:F4}")
                : ", no validation loss (no validation data)";
            output.WriteLine($"saved after epoch {epoch}{best}");
        }

        var resumable = checkpoint.Tensors.Keys.Any(k => k.StartsWith(Checkpoint.OptimizerPrefix, StringComparison.Ordinal)) && meta.ContainsKey(ResumePoint.DropoutOffsetKey);
        output.WriteLine(resumable
            ? "resume: yes (weights, optimizer state and random-stream positions)"
            : "resume: no (weights only: evaluate or predict with it; a run resumes from its last.safetensors)");
        output.WriteLine(RunArguments.Read(meta) is { } arguments
            ? $"trained with: {RunArguments.CommandLine("train", arguments)}"
            : "trained with: not recorded");
    }
}
