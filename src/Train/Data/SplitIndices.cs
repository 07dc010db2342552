namespace MultiMix.Train.Data;

/// <summary>Disjoint item indices of a split, each part in shuffled order.</summary>
public sealed record SplitIndices(int[] Labeled, int[] Unlabeled, int[] Validation, int[] Test);
