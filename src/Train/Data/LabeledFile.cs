namespace MultiMix.Train.Data;

/// <summary>An image file and its class index.</summary>
public readonly record struct LabeledFile(string Path, int Label);
