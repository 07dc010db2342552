using MultiMix.Tensors.Random;

namespace MultiMix.Model.Layers;

/// <summary>
/// PyTorch's default initialisation for Conv2d and Linear: kaiming_uniform with a = √5 for the weight and
/// U(−1/√fan_in, 1/√fan_in) for the bias, which both reduce to a bound of 1/√fan_in. Drawn from the Philox stream.
/// </summary>
public static class Init
{
    public static float[] Uniform(RandomStream random, int count, int fanIn)
    {
        var bound = 1f / MathF.Sqrt(fanIn);
        var values = new float[count];
        Philox.FillUniform(values, random.Seed, random.Reserve(count));
        for (var i = 0; i < count; i++) values[i] = ((2f * values[i]) - 1f) * bound;
        return values;
    }
}
