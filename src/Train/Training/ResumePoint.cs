using System.Globalization;
using MultiMix.Model.Checkpoints;

namespace MultiMix.Train.Training;

/// <summary>
/// Where a resumed run starts: a training checkpoint (last.safetensors) read and checked before anything is
/// created: it must hold the optimizer state and the random-stream positions, and epochs must remain.
/// </summary>
public sealed record ResumePoint(CheckpointFile File, int Epoch, ulong DropoutOffset, double BestLoss, int WorldSize)
{
    public const string EpochKey = "epoch";
    public const string DropoutOffsetKey = "dropout_offset";
    public const string BestLossKey = "best_val_loss";
    public const string SeedKey = "seed";

    /// <summary>How many processes trained the run (data-parallel ranks); checkpoints without it come from one.</summary>
    public const string WorldSizeKey = "world_size";

    public string Path => File.Source;

    /// <summary>The folder the checkpoint is in (where its history and best checkpoint are).</summary>
    public string Folder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>Reads and checks <paramref name="path"/> for a run of <paramref name="epochs"/> epochs.</summary>
    public static ResumePoint Read(string path, int epochs)
    {
        var checkpoint = Checkpoint.Read(path);
        var meta = checkpoint.Metadata;
        if (checkpoint.Config is null || !meta.ContainsKey(EpochKey) || !meta.ContainsKey(DropoutOffsetKey))
        {
            throw new CheckpointException($"{path}: not a training checkpoint of this program (no epoch or random-stream state); it can be evaluated but not resumed.");
        }

        if (!checkpoint.Tensors.Keys.Any(k => k.StartsWith(Checkpoint.OptimizerPrefix, StringComparison.Ordinal)))
        {
            var last = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? "", Trainer.LastName);
            var hint = System.IO.File.Exists(last) && !string.Equals(System.IO.Path.GetFullPath(last), System.IO.Path.GetFullPath(path), StringComparison.Ordinal)
                ? $"resume from {last}"
                : $"resume from the run's {Trainer.LastName}";
            throw new CheckpointException($"{path}: has no optimizer state (a best checkpoint keeps only the weights); it can be evaluated, predicted with or fine-tuned from, but not resumed: {hint}.");
        }

        var epoch = int.Parse(meta[EpochKey], CultureInfo.InvariantCulture);
        if (epoch >= epochs)
        {
            throw new CheckpointException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: nothing to train: the run already finished epoch {epoch}, and --epochs is {epochs}; give a larger --epochs to train further."));
        }

        var offset = ulong.Parse(meta[DropoutOffsetKey], CultureInfo.InvariantCulture);
        var best = meta.TryGetValue(BestLossKey, out var b) ? double.Parse(b, CultureInfo.InvariantCulture) : double.PositiveInfinity;
        var worldSize = meta.TryGetValue(WorldSizeKey, out var w) && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var ranks) && ranks > 0 ? ranks : 1;
        return new ResumePoint(checkpoint, epoch, offset, best, worldSize);
    }
}
