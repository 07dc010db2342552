namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// How one "hospital" acquires and displays its radiographs: the same anatomy model rendered with a different
/// field of view, intensity curve, contrast, noise and collimation. <see cref="Key"/> separates the random
/// streams of different domains, so domain A and B never share an image.
/// </summary>
public sealed record SyntheticDomain
{
    /// <summary>In-domain default: centred, full field of view, linear display, little noise.</summary>
    public static SyntheticDomain A { get; } = new() { Name = "a", Key = 1 };

    /// <summary>
    /// Cross-domain: zoomed out and shifted, a brighter, flatter intensity curve (gamma 1.6, lower contrast),
    /// stronger noise and a bright collimation border.
    /// </summary>
    public static SyntheticDomain B { get; } = new()
    {
        Name = "b",
        Key = 2,
        Gamma = 1.6,
        Contrast = 0.75,
        Brightness = 0.08,
        NoiseSigma = 0.05,
        Scale = 0.82,
        OffsetX = 0.03,
        OffsetY = -0.04,
        BorderFraction = 0.05,
        BorderValue = 0.92,
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

    /// <summary>Width of the collimation border as a fraction of the image side (0: none).</summary>
    public double BorderFraction { get; init; }

    public double BorderValue { get; init; }

    /// <summary>Probability that an image shows pneumonia.</summary>
    public double PneumoniaRate { get; init; } = 0.5;

    public static SyntheticDomain Parse(string name) =>
        All.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown synthetic domain '{name}' (known: {string.Join(", ", All.Select(d => d.Name))})", nameof(name));
}
