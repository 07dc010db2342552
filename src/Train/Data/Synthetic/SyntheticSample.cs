namespace MultiMix.Train.Data.Synthetic;

/// <summary>A synthetic radiograph in [0, 1], its exact binary lung mask and its label (1 pneumonia).</summary>
public readonly record struct SyntheticSample(GrayImage Image, GrayImage Mask, int Label);
