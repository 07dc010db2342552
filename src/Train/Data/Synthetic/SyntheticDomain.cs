namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// How one "hospital" acquires and displays its radiographs: the same anatomy model rendered with a different
/// field of view, patient position, scanner response (intensity curve, edge enhancement), exposure, noise,
/// collimation and burned-in annotations. <see cref="Key"/> separates the random
/// streams of different domains, so domain A and B never share an image.
/// </summary>
public sealed record SyntheticDomain
{
    /// <summary>In-domain default: centred, full field of view, linear display, little noise.</summary>
    public static SyntheticDomain A { get; } = new() { Name = "a", Key = 1 };

    /// <summary>
    /// Cross-domain: what a second hospital changes and nothing else. Another scanner response (gamma 1.3 and edge
    /// enhancement), another exposure (brighter, flatter), more noise, a wider field of view shifted off centre,
    /// patients tilted by a few degrees, a bright collimation border, and a burned-in side marker and text line.
    /// The disease stays readable: the opacities keep about three quarters of their domain-A contrast, well
    /// above the noise (tests/Data/SyntheticChestXrayTests measures both).
    /// </summary>
    public static SyntheticDomain B { get; } = new()
    {
        Name = "b",
        Key = 2,
        Gamma = 1.3,
        Contrast = 0.85,
        Brightness = 0.05,
        NoiseSigma = 0.03,
        Sharpening = 0.6,
        Scale = 0.85,
        OffsetX = 0.03,
        OffsetY = -0.03,
        PositionJitter = 0.02,
        Tilt = 3.0,
        TiltJitter = 2.0,
        BorderFraction = 0.04,
        BorderValue = 0.92,
        Annotations = true,
    };

    public static IReadOnlyList<SyntheticDomain> All { get; } = [A, B];

    public required string Name { get; init; }

    public required ulong Key { get; init; }

    /// <summary>Display curve: value^Gamma before contrast and brightness.</summary>
    public double Gamma { get; init; } = 1.0;

    /// <summary>Contrast multiplier around mid-gray.</summary>
    public double Contrast { get; init; } = 1.0;

    public double Brightness { get; init; }

    /// <summary>Standard deviation of per-pixel Gaussian noise, in [0, 1] units.</summary>
    public double NoiseSigma { get; init; } = 0.02;

    /// <summary>Anatomy size relative to the image (below 1 shows more of the body and background).</summary>
    public double Scale { get; init; } = 1.0;

    public double OffsetX { get; init; }

    public double OffsetY { get; init; }

    /// <summary>Standard deviation of the per-image patient position, as a fraction of the image.</summary>
    public double PositionJitter { get; init; } = 0.015;

    /// <summary>Patient rotation in degrees (counter-clockwise on the image), and the standard deviation of its per-image variation.</summary>
    public double Tilt { get; init; }

    public double TiltJitter { get; init; }

    /// <summary>Edge enhancement of the scanner's processing: unsharp masking, value + amount·(value − blurred value), blur σ 1% of the side.</summary>
    public double Sharpening { get; init; }

    /// <summary>Whether images carry a burned-in side marker ("R", top left) and a text line (projection and an identifier, bottom right).</summary>
    public bool Annotations { get; init; }

    /// <summary>Width of the collimation border as a fraction of the image side (0: none).</summary>
    public double BorderFraction { get; init; }

    public double BorderValue { get; init; }

    /// <summary>Probability that an image shows pneumonia.</summary>
    public double PneumoniaRate { get; init; } = 0.5;

    public static SyntheticDomain Parse(string name) =>
        All.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown synthetic domain '{name}' (known: {string.Join(", ", All.Select(d => d.Name))})", nameof(name));
}
