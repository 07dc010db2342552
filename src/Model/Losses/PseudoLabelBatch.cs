namespace MultiMix.Model.Losses;

/// <summary>
/// What the pseudo-label term decided in one step, for diagnostics: per unlabeled image the pseudo-label (the
/// weak view's top class) and whether it was confident enough to be trained on (top probability ≥ τ, the mask
/// the loss used).
/// </summary>
public sealed record PseudoLabelBatch(int[] Labels, bool[] Confident);
