namespace MultiMix.Train.Augment;

/// <summary>
/// The 13 operations of the strong augmentation's pool (design §4, as the published MultiMix code's
/// augment_pool has them, in its order): FixMatch's 14-op pool without Color, which has nothing to do on a
/// one-channel radiograph.
/// </summary>
public enum RandAugmentOp
{
    AutoContrast,
    Brightness,
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
