using MultiMix.Train.Data;

namespace MultiMix.Train.Augment;

/// <summary>Design §4 strong augmentation: horizontal flip (p 0.5), random crop after 4 px reflect padding, then
/// <see cref="RandAugment"/>. FixMatch's final Cutout is not part of the design and is not applied.</summary>
public static class StrongAugment
{
    public const int Padding = 4;

    public static GrayImage Apply(GrayImage image, SeededRandom random)
    {
        var flipped = random.NextBool(0.5) ? FlipCrop.FlipHorizontal(image) : image;
        var cropped = FlipCrop.RandomReflectPadCrop(flipped, Padding, random);
        return RandAugment.Apply(cropped, random);
    }
}
