using MultiMix.Train.Data;

namespace MultiMix.Train.Augment;

/// <summary>
/// FixMatch's RandAugmentMC(n = 2, m = 10) as design §4 specifies: two operations drawn with replacement from
/// the 13-op pool (<see cref="RandAugmentOp"/>: FixMatch's without Color, as in the published MultiMix code);
/// each gets a magnitude v uniform in 1..9 and is applied with probability 0.5; geometric operations take a
/// random sign. Only Identity leaves the image as it is, so each draw changes it with probability 12/13.
/// </summary>
public static class RandAugment
{
    public const int OpsPerImage = 2;

    public const int MaxMagnitude = 10;

    public static IReadOnlyList<RandAugmentOp> Pool { get; } = Enum.GetValues<RandAugmentOp>();

    public static GrayImage Apply(GrayImage image, SeededRandom random)
    {
        Span<RandAugmentOp> ops = stackalloc RandAugmentOp[OpsPerImage];
        for (var k = 0; k < ops.Length; k++)
        {
            ops[k] = Pool[random.NextInt(Pool.Count)];
        }

        foreach (var op in ops)
        {
            var magnitude = random.NextInt(1, MaxMagnitude);
            if (random.NextBool(0.5))
            {
                image = ApplyOp(image, op, magnitude, random);
            }
        }

        return image;
    }

    /// <summary>One operation at magnitude <paramref name="v"/>; <paramref name="random"/> picks the sign of the
    /// geometric ones.</summary>
    public static GrayImage ApplyOp(GrayImage image, RandAugmentOp op, int v, SeededRandom random) => op switch
    {
        RandAugmentOp.AutoContrast => PilLevelOps.AutoContrast(image),
        RandAugmentOp.Brightness => PilEnhance.Brightness(image, EnhanceFactor(v)),
        RandAugmentOp.Identity => image.Clone(),
        RandAugmentOp.Contrast => PilEnhance.Contrast(image, EnhanceFactor(v)),
        RandAugmentOp.Equalize => PilLevelOps.Equalize(image),
        RandAugmentOp.Posterize => PilLevelOps.Posterize(image, PosterizeBits(v)),
        RandAugmentOp.Rotate => PilGeometry.Rotate(image, Signed(RotateDegrees(v), random)),
        RandAugmentOp.Sharpness => PilEnhance.Sharpness(image, EnhanceFactor(v)),
        RandAugmentOp.ShearX => PilGeometry.ShearX(image, Signed(Shear(v), random)),
        RandAugmentOp.ShearY => PilGeometry.ShearY(image, Signed(Shear(v), random)),
        RandAugmentOp.Solarize => PilLevelOps.Solarize(image, SolarizeThreshold(v)),
        RandAugmentOp.TranslateX => PilGeometry.TranslateX(image, (int)(Signed(TranslateFraction(v), random) * image.Width)),
        RandAugmentOp.TranslateY => PilGeometry.TranslateY(image, (int)(Signed(TranslateFraction(v), random) * image.Height)),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown RandAugment operation"),
    };

    /// <summary>Brightness, Contrast and Sharpness factor: v·0.9/10 + 0.05.</summary>
    public static double EnhanceFactor(int v) => (v * 0.9 / MaxMagnitude) + 0.05;

    /// <summary>Bits kept by Posterize: ⌊v·4/10⌋ + 4.</summary>
    public static int PosterizeBits(int v) => (v * 4 / MaxMagnitude) + 4;

    /// <summary>Rotation before its sign: ⌊v·30/10⌋ degrees.</summary>
    public static int RotateDegrees(int v) => v * 30 / MaxMagnitude;

    /// <summary>Shear before its sign: v·0.3/10.</summary>
    public static double Shear(int v) => v * 0.3 / MaxMagnitude;

    /// <summary>Solarize threshold: 256 − ⌊v·256/10⌋.</summary>
    public static int SolarizeThreshold(int v) => 256 - (v * 256 / MaxMagnitude);

    /// <summary>Translation before its sign, as a fraction of the side: v·0.3/10.</summary>
    public static double TranslateFraction(int v) => v * 0.3 / MaxMagnitude;

    private static double Signed(double value, SeededRandom random) => random.NextBool(0.5) ? -value : value;
}
