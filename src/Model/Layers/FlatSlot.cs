using MultiMix.Tensors;

namespace MultiMix.Model.Layers;

/// <summary>A parameter in a <see cref="FlatParameters"/>: its full name, its tensor and where its elements start.</summary>
public readonly record struct FlatSlot(string Name, Tensor Tensor, long Offset);
