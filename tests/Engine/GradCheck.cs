using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;

namespace MultiMix.Tests.Engine;

/// <summary>
/// Central finite differences against the analytic backward. The function's output y is projected on a fixed
/// random direction (L = Σ dy·y) so every output element's gradient is checked at once; L is accumulated in
/// float64 on the host. Returns the worst violation of |analytic − numeric| ≤ atol + rtol·|numeric|.
/// </summary>
public static class GradCheck
{
    public const double Step = 1e-2;
    public const double AbsTolerance = 2e-3;
    public const double RelTolerance = 2e-2;

    public sealed record Result(double WorstExcess, string Where)
    {
        public bool Passed => WorstExcess <= 0;

        public override string ToString() => Passed ? "passed" : $"failed by {WorstExcess:G4} at {Where}";
    }

    public static Result Run(IBackend backend, Func<Tensor[], Tensor> f, params (float[] Data, int[] Shape)[] inputs)
    {
        using var scope = new TensorScope();
        var hostInputs = inputs.Select(i => (float[])i.Data.Clone()).ToArray();
        float[] direction;
        {
            using var probe = new TensorScope();
            var y0 = f(Upload(backend, hostInputs, inputs, requireGrad: false));
            direction = new HostRandom(7).Uniform((int)y0.Count, -1f, 1f);
        }

        Tensor[] analytic;
        {
            var xs = Upload(backend, hostInputs, inputs, requireGrad: true);
            var y = f(xs);
            var projected = F.Sum(F.Mul(y, Tensor.FromArray(backend, direction, y.Shape.ToArray())));
            analytic = Backprop.Grad(projected, xs);
        }

        var worst = double.NegativeInfinity;
        var where = "";
        for (var k = 0; k < inputs.Length; k++)
        {
            var grad = analytic[k].ToArray();
            for (var i = 0; i < hostInputs[k].Length; i++)
            {
                var original = hostInputs[k][i];
                hostInputs[k][i] = (float)(original + Step);
                var plus = Loss(backend, f, hostInputs, inputs, direction);
                hostInputs[k][i] = (float)(original - Step);
                var minus = Loss(backend, f, hostInputs, inputs, direction);
                hostInputs[k][i] = original;
                var numeric = (plus - minus) / (2 * Step);
                var excess = Math.Abs(grad[i] - numeric) - (AbsTolerance + (RelTolerance * Math.Abs(numeric)));
                if (excess > worst)
                {
                    worst = excess;
                    where = $"input {k} element {i}: analytic {grad[i]:G6}, numeric {numeric:G6}";
                }
            }
        }
        return new Result(worst, where);
    }

    private static double Loss(IBackend backend, Func<Tensor[], Tensor> f, float[][] host, (float[] Data, int[] Shape)[] inputs, float[] direction)
    {
        using var scope = new TensorScope();
        using var noGrad = GradMode.NoGrad();
        var y = f(Upload(backend, host, inputs, requireGrad: false)).ToArray();
        double sum = 0;
        for (var i = 0; i < y.Length; i++) sum += (double)y[i] * direction[i];
        return sum;
    }

    private static Tensor[] Upload(IBackend backend, float[][] host, (float[] Data, int[] Shape)[] inputs, bool requireGrad)
    {
        var xs = new Tensor[host.Length];
        for (var k = 0; k < host.Length; k++)
        {
            xs[k] = Tensor.FromArray(backend, host[k], inputs[k].Shape);
            xs[k].RequiresGrad = requireGrad;
        }
        return xs;
    }
}
