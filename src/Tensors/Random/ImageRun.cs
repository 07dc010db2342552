namespace MultiMix.Tensors.Random;

/// <summary>
/// Consecutive images [<see cref="Local"/>, Local + <see cref="Count"/>) of this process's batch are images
/// [<see cref="Global"/>, Global + Count) of the global batch.
/// </summary>
public readonly record struct ImageRun(int Local, int Global, int Count);
