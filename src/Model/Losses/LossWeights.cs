namespace MultiMix.Model.Losses;

/// <summary>The weight of each term of the objective (the paper's defaults; docs/architecture.md, "The objective").</summary>
public sealed record LossWeights(float CrossEntropy = 1f, float Dice = 5f, float PseudoLabel = 0.25f, float Consistency = 0.01f);
