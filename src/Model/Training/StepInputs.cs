using MultiMix.Model.Losses;

namespace MultiMix.Model.Training;

/// <summary>
/// One training step's inputs on the host: all streams' images concatenated in <see cref="StreamLayout"/> order
/// (N×1×Size×Size in [-1, 1]), the labeled masks (0/1) and the labeled classes.
/// </summary>
public sealed record StepInputs(StreamLayout Layout, int Size, float[] Images, float[] Masks, int[] Labels);
