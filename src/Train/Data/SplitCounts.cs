namespace MultiMix.Train.Data;

/// <summary>How many items each part of a split gets; a null <see cref="Unlabeled"/> takes all that remain.</summary>
public sealed record SplitCounts(int Labeled, int Validation, int Test, int? Unlabeled = null);
