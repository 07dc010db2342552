namespace MultiMix.Train.Training;

/// <summary>The loss became NaN or infinite; the message says where and which checkpoint is the last good one.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
