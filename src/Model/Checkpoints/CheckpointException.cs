namespace MultiMix.Model.Checkpoints;

/// <summary>A checkpoint that cannot be used with this model; the message is one line naming the file.</summary>
public sealed class CheckpointException(string message) : Exception(message);
