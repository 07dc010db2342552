namespace MultiMix.Train.Augment;

/// <summary>The 14 operations of FixMatch's RandAugment pool, in its order.</summary>
public enum RandAugmentOp
{
    AutoContrast,
    Brightness,
    Color,
    Contrast,
    Equalize,
    Identity,
    Posterize,
    Rotate,
    Sharpness,
    ShearX,
    ShearY,
    Solarize,
    TranslateX,
    TranslateY,
}
