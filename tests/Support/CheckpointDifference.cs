using MultiMix.Model.Checkpoints;

namespace MultiMix.Tests.Support;

/// <summary>
/// How far two training checkpoints of the same architecture are apart: the largest difference of any weight, the
/// share of weights more than <see cref="WeightTolerance"/> apart, and the relative L2 distance of each Adam moment
/// buffer (‖a − b‖ / ‖a‖ over every parameter). The moments are running averages of the gradients, so they show a
/// difference in the gradients directly, where a weight's update (Adam divides the mean gradient by its root mean
/// square) turns rounding noise in a gradient that should be zero into a full step: the bias of a convolution that
/// an instance norm follows has no gradient in exact arithmetic, so its updates are sign noise, ±lr per step, in
/// one process as on N. That is why the largest weight difference says little and the share of weights apart is
/// what <see cref="IsSameTraining"/> bounds (docs/distributed.md, "Exactness").
/// </summary>
internal sealed record CheckpointDifference(double MaxWeight, double WeightsApart, double FirstMoment, double SecondMoment)
{
    /// <summary>A weight further than this from its counterpart counts as apart.</summary>
    public const double WeightTolerance = 1e-4;

    /// <summary>
    /// Whether the two runs trained the same model up to the order of the gradient sums: moments within 5% (measured
    /// at 1e-5 to 1.2e-3, against 1.5 for a rank training on other images) and at most 2% of the weights apart (the
    /// norm-fed biases are 0.3–0.6% of the tiny test networks; a wrong shard moves 98% of them).
    /// </summary>
    public bool IsSameTraining => FirstMoment < 0.05 && SecondMoment < 0.05 && WeightsApart < 0.02;

    public static CheckpointDifference Between(string a, string b)
    {
        var x = Checkpoint.Read(a).Tensors;
        var y = Checkpoint.Read(b).Tensors;
        if (!x.Keys.Order().SequenceEqual(y.Keys.Order())) throw new InvalidOperationException($"{a} and {b} hold different tensors");
        var max = 0.0;
        long apart = 0, weights = 0;
        foreach (var name in x.Keys.Where(k => !k.StartsWith(Checkpoint.OptimizerPrefix, StringComparison.Ordinal)))
        {
            foreach (var (p, q) in x[name].Floats!.Zip(y[name].Floats!))
            {
                var d = Math.Abs((double)p - q);
                max = Math.Max(max, d);
                apart += d > WeightTolerance ? 1 : 0;
                weights++;
            }
        }
        return new CheckpointDifference(max, (double)apart / weights, Relative(x, y, "adam.m."), Relative(x, y, "adam.v."));
    }

    public override string ToString() =>
        $"{WeightsApart:P2} of the weights more than {WeightTolerance:G1} apart (largest difference {MaxWeight:G3}); Adam moments {FirstMoment:G3} and {SecondMoment:G3} apart (relative L2)";

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
