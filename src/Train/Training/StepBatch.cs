using MultiMix.Model.Losses;
using MultiMix.Model.Training;

namespace MultiMix.Train.Training;

/// <summary>
/// One training step's inputs on the host: all five streams' images concatenated in <see cref="StreamLayout"/>
/// order (N×1×H×W in [-1, 1]), the labeled masks (0/1) and the labeled classes.
/// </summary>
public sealed record StepBatch(int Epoch, int Step, StreamLayout Layout, int Size, float[] Images, float[] Masks, int[] Labels)
{
    /// <summary>The arrays as the model's training step takes them.</summary>
    public StepInputs Inputs => new(Layout, Size, Images, Masks, Labels);
}
