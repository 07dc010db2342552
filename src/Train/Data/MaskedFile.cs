namespace MultiMix.Train.Data;

/// <summary>An image file and the mask files whose union is its lung mask.</summary>
public sealed record MaskedFile(string ImagePath, IReadOnlyList<string> MaskPaths);
