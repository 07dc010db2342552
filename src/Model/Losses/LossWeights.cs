namespace MultiMix.Model.Losses;

/// <summary>Weights of the objective's terms and the pseudo-label confidence threshold (design.md §3 defaults).</summary>
public sealed record LossWeights(float CrossEntropy = 1f, float Dice = 5f, float PseudoLabel = 0.25f, float Consistency = 0.01f, float Threshold = 0.7f);
