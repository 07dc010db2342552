namespace MultiMix.Train.Data.Synthetic;

/// <summary>
/// Value noise: random values on a grid over the unit square, interpolated with a smoothstep, giving
/// resolution-independent smooth texture in [-1, 1].
/// </summary>
internal sealed class SmoothNoise
{
    private readonly int _cells;
    private readonly double[] _values;

    public SmoothNoise(SeededRandom random, int cells)
    {
        _cells = cells;
        _values = new double[(cells + 1) * (cells + 1)];
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = (2.0 * random.NextDouble()) - 1.0;
        }
    }

    public double At(double u, double v)
    {
        var x = Math.Clamp(u, 0.0, 1.0) * _cells;
        var y = Math.Clamp(v, 0.0, 1.0) * _cells;
        var x0 = Math.Min((int)x, _cells - 1);
        var y0 = Math.Min((int)y, _cells - 1);
        var fx = Smooth(x - x0);
        var fy = Smooth(y - y0);
        var row = _cells + 1;
        var top = Lerp(_values[(y0 * row) + x0], _values[(y0 * row) + x0 + 1], fx);
        var bottom = Lerp(_values[((y0 + 1) * row) + x0], _values[((y0 + 1) * row) + x0 + 1], fx);
        return Lerp(top, bottom, fy);
    }

    private static double Smooth(double t) => t * t * (3.0 - (2.0 * t));

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
