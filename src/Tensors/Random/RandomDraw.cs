namespace MultiMix.Tensors.Random;

/// <summary>Elements [<see cref="Start"/>, Start + <see cref="Count"/>) of a tensor draw from Philox counter <see cref="Offset"/> on (element Start + i from counter Offset + i/4).</summary>
public readonly record struct RandomDraw(long Start, long Count, ulong Offset);
