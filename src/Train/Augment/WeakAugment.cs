using MultiMix.Train.Data;

namespace MultiMix.Train.Augment;

/// <summary>Design §4 weak augmentation: horizontal flip with p = 0.5, then a random crop back to size after
/// reflect padding by 12.5% of the (smaller) side.</summary>
public static class WeakAugment
{
    public static int Padding(GrayImage image) => (int)(0.125 * Math.Min(image.Width, image.Height));

    public static GrayImage Apply(GrayImage image, SeededRandom random)
    {
        var flipped = random.NextBool(0.5) ? FlipCrop.FlipHorizontal(image) : image;
        return FlipCrop.RandomReflectPadCrop(flipped, Padding(image), random);
    }
}
