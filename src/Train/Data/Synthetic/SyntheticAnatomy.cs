namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// One synthetic patient in anatomy coordinates (u right, v down, the chest centred at (0.5, 0.5); the
/// patient's right lung is on the image's left). It answers two point queries: whether a point lies in a lung
/// field (the exact mask) and the X-ray attenuation there (bright = dense), before any display mapping.
/// </summary>
internal sealed class SyntheticAnatomy
{
    private const double MidLine = 0.5;

    private readonly double _bodyHalfWidth;
    private readonly Lung _rightLung;
    private readonly Lung _leftLung;
    private readonly Ellipse _heart;
    private readonly Dome _rightDome;
    private readonly Dome _leftDome;
    private readonly double _lungDepth;
    private readonly double _ribTop;
    private readonly double _ribSpacing;
    private readonly double _ribCurvature;
    private readonly double _ribThickness;
    private readonly double _clavicleY;
    private readonly SmoothNoise _tissue;
    private readonly SmoothNoise _lungTexture;
    private readonly SmoothNoise _patchiness;
    private readonly Opacity[] _opacities;

    private SyntheticAnatomy(SeededRandom random, bool pneumonia)
    {
        _bodyHalfWidth = random.NextDouble(0.40, 0.45);
        var lungOffset = random.NextDouble(0.15, 0.17);
        _rightLung = Lung.Draw(random, MidLine - lungOffset);
        _leftLung = Lung.Draw(random, MidLine + lungOffset);
        _heart = new Ellipse(
            MidLine + random.NextDouble(0.04, 0.07),
            random.NextDouble(0.60, 0.64),
            random.NextDouble(0.15, 0.18),
            random.NextDouble(0.11, 0.13));
        var rightDomeTop = random.NextDouble(0.69, 0.72);
        _rightDome = new Dome(MidLine - random.NextDouble(0.14, 0.18), rightDomeTop, random.NextDouble(2.5, 3.5));
        _leftDome = new Dome(MidLine + random.NextDouble(0.14, 0.18), rightDomeTop + random.NextDouble(0.015, 0.035), random.NextDouble(2.5, 3.5));
        _lungDepth = random.NextDouble(0.28, 0.34);
        _ribTop = random.NextDouble(0.17, 0.20);
        _ribSpacing = random.NextDouble(0.048, 0.056);
        _ribCurvature = random.NextDouble(1.3, 1.8);
        _ribThickness = random.NextDouble(0.011, 0.015);
        _clavicleY = random.NextDouble(0.15, 0.18);
        _tissue = new SmoothNoise(random, 6);
        _lungTexture = new SmoothNoise(random, 18);
        _patchiness = new SmoothNoise(random, 12);
        _opacities = pneumonia ? DrawOpacities(random) : [];
    }

    public static SyntheticAnatomy Draw(SeededRandom random, bool pneumonia) => new(random, pneumonia);

    public bool IsLung(double u, double v)
    {
        var right = u < MidLine;
        var lung = right ? _rightLung : _leftLung;
        var dome = right ? _rightDome : _leftDome;
        return lung.Contains(u, v)
            && v < dome.At(u)
            && Math.Abs(u - MidLine) > MediastinumHalfWidth(v)
            && !_heart.Contains(u, v);
    }

    public double Attenuation(double u, double v)
    {
        var d = Math.Abs(u - MidLine);
        var body = Body(u, v);
        var value = 0.04 + (body * (0.46 + (0.04 * _tissue.At(u, v))) * (0.85 + (0.15 * (1.0 - Square(d / _bodyHalfWidth)))));
        if (body <= 0.0)
        {
            return value;
        }

        var dome = u < MidLine ? _rightDome.At(u) : _leftDome.At(u);
        if (IsLung(u, v))
        {
            var lung = u < MidLine ? _rightLung : _leftLung;
            value -= _lungDepth * (0.8 + (0.2 * lung.Centrality(u, v)));
            value += 0.025 * _lungTexture.At(u, v);
            value += OpacityAt(u, v);
        }

        if (d < MediastinumHalfWidth(v) && v > 0.1 && v < dome)
        {
            value += 0.07;
        }

        value += 0.06 * SoftInside(_heart.Level(u, v), 0.15);
        if (d < 0.03)
        {
            value += 0.07 * (0.85 + (0.15 * Math.Cos(2.0 * Math.PI * v / 0.045)));
        }

        value += 0.10 * body * Math.Clamp((v - dome) / 0.015, 0.0, 1.0);
        value += Ribs(d, v, dome) + Clavicle(d, v);
        return value;
    }

    private static double MediastinumHalfWidth(double v) => 0.05 + (0.03 * Math.Clamp((v - 0.3) / 0.4, 0.0, 1.0));

    private static double Square(double x) => x * x;

    /// <summary>1 inside, 0 outside, a smooth ramp for levels in (1 − width, 1).</summary>
    private static double SoftInside(double level, double width) => Math.Clamp((1.0 - level) / width, 0.0, 1.0);

    private double Body(double u, double v)
    {
        var level = Math.Pow((u - MidLine) / _bodyHalfWidth, 4) + Math.Pow((v - 0.55) / 0.62, 4);
        return SoftInside(level, 0.08);
    }

    private double Ribs(double d, double v, double dome)
    {
        if (d < 0.03 || d > _bodyHalfWidth - 0.02 || v > dome + 0.06)
        {
            return 0.0;
        }

        var sum = 0.0;
        for (var k = 0; k < 10; k++)
        {
            var centre = _ribTop + (k * _ribSpacing) - (0.10 * d) + (_ribCurvature * d * d);
            sum += Math.Exp(-Square((v - centre) / _ribThickness));
        }

        return 0.07 * sum;
    }

    private double Clavicle(double d, double v)
    {
        if (d < 0.04 || d > 0.30)
        {
            return 0.0;
        }

        var centre = _clavicleY - (0.15 * (d - 0.04)) + (0.25 * Square(d - 0.17));
        return 0.10 * Math.Exp(-Square((v - centre) / 0.014));
    }

    private double OpacityAt(double u, double v)
    {
        var sum = 0.0;
        foreach (var o in _opacities)
        {
            var r2 = Square(u - o.U) + Square(v - o.V);
            sum += o.Strength * Math.Exp(-r2 / (2.0 * o.Radius * o.Radius));
        }

        return sum * (0.65 + (0.35 * _patchiness.At(u, v)));
    }

    private Opacity[] DrawOpacities(SeededRandom random)
    {
        var count = random.NextInt(2, 5);
        var opacities = new List<Opacity>(count);
        for (var attempt = 0; attempt < 1000 && opacities.Count < count; attempt++)
        {
            var lung = random.NextBool(0.5) ? _rightLung : _leftLung;
            var u = lung.CentreX + (lung.HalfWidth * random.NextDouble(-1.0, 1.0));
            var v = lung.CentreY + (lung.HalfHeight * random.NextDouble(-0.4, 1.0));
            if (IsLung(u, v))
            {
                opacities.Add(new Opacity(u, v, random.NextDouble(0.06, 0.10), random.NextDouble(0.22, 0.32)));
            }
        }

        return [.. opacities];
    }

    private readonly record struct Opacity(double U, double V, double Radius, double Strength);

    private readonly record struct Ellipse(double CentreX, double CentreY, double HalfWidth, double HalfHeight)
    {
        public double Level(double u, double v) => Square((u - CentreX) / HalfWidth) + Square((v - CentreY) / HalfHeight);

        public bool Contains(double u, double v) => Level(u, v) <= 1.0;
    }

    /// <summary>A diaphragm dome: the lung above, the abdomen below v = Top + Curvature·(u − CentreX)².</summary>
    private readonly record struct Dome(double CentreX, double Top, double Curvature)
    {
        public double At(double u) => Top + (Curvature * Square(u - CentreX));
    }

    /// <summary>
    /// A tall ellipse with a narrowed apex and a wavy outline (harmonics 2–4 of the polar angle); the
    /// diaphragm, mediastinum and heart cut it further in <see cref="IsLung"/>.
    /// </summary>
    private sealed class Lung
    {
        private readonly double[] _amplitudes = new double[3];
        private readonly double[] _phases = new double[3];

        private Lung(SeededRandom random, double centreX)
        {
            CentreX = centreX + random.NextDouble(-0.01, 0.01);
            CentreY = random.NextDouble(0.47, 0.50);
            HalfWidth = random.NextDouble(0.13, 0.15);
            HalfHeight = random.NextDouble(0.28, 0.31);
            for (var k = 0; k < _amplitudes.Length; k++)
            {
                _amplitudes[k] = random.NextDouble(0.0, 0.05);
                _phases[k] = random.NextDouble(0.0, 2.0 * Math.PI);
            }
        }

        public double CentreX { get; }

        public double CentreY { get; }

        public double HalfWidth { get; }

        public double HalfHeight { get; }

        public static Lung Draw(SeededRandom random, double centreX) => new(random, centreX);

        public bool Contains(double u, double v)
        {
            var t = (v - CentreY) / HalfHeight;
            var s = (u - CentreX) / HalfWidth * (1.0 + (0.6 * Math.Max(0.0, -t - 0.3)));
            var radius = 1.0;
            var angle = Math.Atan2(t, s);
            for (var k = 0; k < _amplitudes.Length; k++)
            {
                radius += _amplitudes[k] * Math.Cos(((k + 2) * angle) + _phases[k]);
            }

            return (s * s) + (t * t) <= radius * radius;
        }

        /// <summary>1 at the lung's centre falling to 0 at its outline: the thickest air column is darkest.</summary>
        public double Centrality(double u, double v) =>
            Math.Max(0.0, 1.0 - Square((u - CentreX) / HalfWidth) - Square((v - CentreY) / HalfHeight));
    }
}
