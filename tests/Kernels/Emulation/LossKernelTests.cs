using MultiMix.Tensors;
using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>cross_entropy, pseudo_label_ce, dice_loss and bernoulli_kl, forward and backward.</summary>
public sealed class LossKernelTests : KernelParity
{
    [EmulatorTheory]
    [InlineData(1, 2)]
    [InlineData(7, 2)]
    [InlineData(33, 7)]
    [InlineData(1000, 3)]
    public void Cross_entropy_forward_and_backward_match_the_cpu(int n, int classes)
    {
        var logits = Compare.Random(n * classes, n, -6f, 6f);
        var labels = Enumerable.Range(0, n).Select(i => (i * 7) % classes).ToArray();
        var dloss = Compare.Random(n, n + 1);
        var cl = Cpu.Output(n);
        var cd = Cpu.Output(n * classes);
        Cpu.Backend.CrossEntropy(Cpu.Floats(logits), Cpu.Ints(labels), cl, n, classes);
        Cpu.Backend.CrossEntropyBackward(Cpu.Floats(logits), Cpu.Ints(labels), Cpu.Floats(dloss), cd, n, classes);
        var gl = Gpu.Output(n);
        var gd = Gpu.Output(n * classes);
        Kernels.CrossEntropy(Gpu.Floats(logits), Gpu.Ints(labels), gl, n, classes);
        Kernels.CrossEntropyBackward(Gpu.Floats(logits), Gpu.Ints(labels), Gpu.Floats(dloss), gd, n, classes);
        Compare.Close(Cpu.Read(cl), Gpu.ReadFloats(gl, n), 1e-5f, 1e-6f, "loss");
        Compare.Close(Cpu.Read(cd), Gpu.ReadFloats(gd, n * classes), 1e-5f, 1e-6f, "dlogits");
    }

    [EmulatorTheory]
    [InlineData(1, 2, 0.0f)]
    [InlineData(10, 2, 0.7f)]
    [InlineData(33, 5, 0.5f)]
    [InlineData(257, 2, 0.95f)]
    public void Pseudo_label_cross_entropy_matches_the_cpu(int n, int classes, float threshold)
    {
        var weak = AwayFromThreshold(Compare.Random(n * classes, n, -4f, 4f), classes, threshold);
        var strong = Compare.Random(n * classes, n + 1, -4f, 4f);
        var dloss = Compare.Random(n, n + 2);
        var cp = Cpu.Output(n, DType.Int32);
        var cm = Cpu.Output(n);
        var cl = Cpu.Output(n);
        var cd = Cpu.Output(n * classes);
        Cpu.Backend.PseudoLabelCrossEntropy(Cpu.Floats(weak), Cpu.Floats(strong), cp, cm, cl, n, classes, threshold);
        Cpu.Backend.PseudoLabelCrossEntropyBackward(Cpu.Floats(strong), cp, cm, Cpu.Floats(dloss), cd, n, classes);
        var gp = Gpu.Ints(new int[n]);
        var gm = Gpu.Output(n);
        var gl = Gpu.Output(n);
        var gd = Gpu.Output(n * classes);
        Kernels.PseudoLabelCrossEntropy(Gpu.Floats(weak), Gpu.Floats(strong), gp, gm, gl, n, classes, threshold);
        Kernels.PseudoLabelCrossEntropyBackward(Gpu.Floats(strong), gp, gm, Gpu.Floats(dloss), gd, n, classes);
        Assert.Equal(Cpu.ReadInts(cp), Gpu.ReadInts(gp, n));
        Compare.Exact(Cpu.Read(cm), Gpu.ReadFloats(gm, n), "mask");
        Compare.Close(Cpu.Read(cl), Gpu.ReadFloats(gl, n), 1e-5f, 1e-6f, "loss");
        Compare.Close(Cpu.Read(cd), Gpu.ReadFloats(gd, n * classes), 1e-5f, 1e-6f, "dstrong");
    }

    /// <summary>
    /// The mask is compared bit for bit, but it is a threshold on 1/Σe^(w − max), and the GPU's expf differs from the
    /// CPU's by an ulp or two: rows whose confidence lies within 1e-3 of the threshold get their largest logit raised
    /// until it does not, so the comparison is exact on a GPU too.
    /// </summary>
    private static float[] AwayFromThreshold(float[] weak, int classes, float threshold)
    {
        for (var r = 0; r < weak.Length / classes; r++)
        {
            var row = weak.AsSpan(r * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++) best = row[c] > row[best] ? c : best;
            while (true)
            {
                double sum = 0;
                foreach (var w in row) sum += Math.Exp(w - row[best]);
                if (Math.Abs((1 / sum) - threshold) >= 1e-3) break;
                row[best] += 0.01f;
            }
        }
        return weak;
    }

    [EmulatorTheory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(2, 33)]
    [InlineData(4, 257)]
    [InlineData(2, 1000)]
    [InlineData(1, 4099)]
    public void Dice_loss_forward_and_backward_match_the_cpu(int n, int hw)
    {
        var logits = Compare.Random(n * hw, hw, -5f, 5f);
        var random = new Random(hw);
        var target = Enumerable.Range(0, n * hw).Select(_ => random.NextDouble() < 0.4 ? 1f : 0f).ToArray();
        var dloss = Compare.Random(n, hw + 1);
        var cl = Cpu.Output(n);
        var cd = Cpu.Output(n * hw);
        Cpu.Backend.DiceLoss(Cpu.Floats(logits), Cpu.Floats(target), cl, n, hw);
        Cpu.Backend.DiceLossBackward(Cpu.Floats(logits), Cpu.Floats(target), Cpu.Floats(dloss), cd, n, hw);
        var gl = Gpu.Output(n);
        var gd = Gpu.Output(n * hw);
        Kernels.DiceLoss(Gpu.Floats(logits), Gpu.Floats(target), gl, n, hw);
        Kernels.DiceLossBackward(Gpu.Floats(logits), Gpu.Floats(target), Gpu.Floats(dloss), gd, n, hw);
        Compare.Close(Cpu.Read(cl), Gpu.ReadFloats(gl, n), 1e-5f, 1e-6f, "loss");
        Compare.Close(Cpu.Read(cd), Gpu.ReadFloats(gd, n * hw), 1e-4f, 1e-8f, "dlogits");
    }

    [EmulatorTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(257)]
    [InlineData(4099)]
    public void Bernoulli_kl_forward_and_backward_match_the_cpu(int n)
    {
        var a = Compare.Random(n, n, -20f, 20f);
        var b = Compare.Random(n, n + 1, -20f, 20f);
        var dy = Compare.Random(n, n + 2);
        var cy = Cpu.Output(n);
        var cda = Cpu.Output(n);
        var cdb = Cpu.Output(n);
        Cpu.Backend.BernoulliKl(Cpu.Floats(a), Cpu.Floats(b), cy, n);
        Cpu.Backend.BernoulliKlBackward(Cpu.Floats(a), Cpu.Floats(b), Cpu.Floats(dy), cda, cdb, n);
        var gy = Gpu.Output(n);
        var gda = Gpu.Output(n);
        var gdb = Gpu.Output(n);
        Kernels.BernoulliKl(Gpu.Floats(a), Gpu.Floats(b), gy, n);
        Kernels.BernoulliKlBackward(Gpu.Floats(a), Gpu.Floats(b), Gpu.Floats(dy), gda, gdb, n);
        Compare.Close(Cpu.Read(cy), Gpu.ReadFloats(gy, n), 1e-4f, 1e-5f, "kl");
        Compare.Close(Cpu.Read(cda), Gpu.ReadFloats(gda, n), 1e-4f, 1e-6f, "da");
        Compare.Close(Cpu.Read(cdb), Gpu.ReadFloats(gdb, n), 1e-4f, 1e-6f, "db");
    }

    [EmulatorFact]
    public void Bernoulli_kl_backward_skips_a_null_output()
    {
        const int N = 100;
        var a = Compare.Random(N, 1);
        var b = Compare.Random(N, 2);
        var dy = Compare.Random(N, 3);
        var cdb = Cpu.Output(N);
        Cpu.Backend.BernoulliKlBackward(Cpu.Floats(a), Cpu.Floats(b), Cpu.Floats(dy), null, cdb, N);
        var gdb = Gpu.Output(N);
        Kernels.BernoulliKlBackward(Gpu.Floats(a), Gpu.Floats(b), Gpu.Floats(dy), MultiMix.Kernels.Launch.DevicePtr.Null, gdb, N);
        Compare.Close(Cpu.Read(cdb), Gpu.ReadFloats(gdb, N), 1e-5f, 1e-6f, "db");
    }
}
