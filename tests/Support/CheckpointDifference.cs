using MultiMix.Model.Checkpoints;

namespace MultiMix.Tests.Support;

/// <summary>
/// How far two training checkpoints of the same architecture are apart: the largest difference of any weight, and
/// the relative L2 distance of each Adam moment buffer (‖a − b‖ / ‖a‖ over every parameter). The moments are
/// running averages of the gradients, so they show a difference in the gradients directly, where a weight's
/// update (Adam divides the mean gradient by its root mean square) can turn rounding noise in a gradient that
/// should be zero into a full step.
/// </summary>
internal sealed record CheckpointDifference(double MaxWeight, double FirstMoment, double SecondMoment)
{
    public static CheckpointDifference Between(string a, string b)
    {
        var x = Checkpoint.Read(a).Tensors;
        var y = Checkpoint.Read(b).Tensors;
        if (!x.Keys.Order().SequenceEqual(y.Keys.Order())) throw new InvalidOperationException($"{a} and {b} hold different tensors");
        var max = 0.0;
        foreach (var name in x.Keys.Where(k => !k.StartsWith(Checkpoint.OptimizerPrefix, StringComparison.Ordinal)))
        {
            foreach (var (p, q) in x[name].Floats!.Zip(y[name].Floats!)) max = Math.Max(max, Math.Abs((double)p - q));
        }
        return new CheckpointDifference(max, Relative(x, y, "adam.m."), Relative(x, y, "adam.v."));
    }

    public override string ToString() => $"largest weight difference {MaxWeight:G3}, first moments {FirstMoment:G3} apart, second moments {SecondMoment:G3} apart (relative L2)";

    private static double Relative(Dictionary<string, Tensors.Serialization.HostTensor> x, Dictionary<string, Tensors.Serialization.HostTensor> y, string prefix)
    {
        double distance = 0, norm = 0;
        foreach (var name in x.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            foreach (var (p, q) in x[name].Floats!.Zip(y[name].Floats!))
            {
                distance += ((double)p - q) * ((double)p - q);
                norm += (double)p * p;
            }
        }
        return Math.Sqrt(distance / norm);
    }
}
