using MultiMix.Tensors;
using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>sum_rows/sum_columns, broadcast_axis, max_rows/max_columns, max_backward, softmax (log) forward and backward.</summary>
public sealed class ReductionKernelTests : KernelParity
{
    // (outer, axis, inner): rows kernels take inner == 1 with axis > 32, the column kernels the rest.
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 },
        { 7, 1, 1 },
        { 4, 20, 1 },
        { 5, 33, 1 },
        { 3, 1000, 1 },
        { 1, 4099, 1 },
        { 2, 7, 33 },
        { 1, 257, 3 },
        { 3, 5, 1000 },
    };

    [EmulatorTheory]
    [MemberData(nameof(Shapes))]
    public void Sum_and_broadcast_match_the_cpu(int outer, int axis, int inner)
    {
        var n = outer * axis * inner;
        var x = Compare.Random(n, n);
        var alpha = 1f / axis;
        var cy = Cpu.Output(outer * inner);
        Cpu.Backend.Sum(Cpu.Floats(x), cy, outer, axis, inner, alpha);
        var gy = Gpu.Output(outer * inner);
        Kernels.Sum(Gpu.Floats(x), gy, outer, axis, inner, alpha);
        Compare.Close(Cpu.Read(cy), Gpu.ReadFloats(gy, outer * inner), 1e-5f, 1e-6f, "sum");

        var dy = Compare.Random(outer * inner, 9);
        var cdx = Cpu.Output(n);
        Cpu.Backend.Broadcast(Cpu.Floats(dy), cdx, outer, axis, inner, alpha);
        var gdx = Gpu.Output(n);
        Kernels.Broadcast(Gpu.Floats(dy), gdx, outer, axis, inner, alpha);
        Compare.Exact(Cpu.Read(cdx), Gpu.ReadFloats(gdx, n), "broadcast");
    }

    [EmulatorTheory]
    [MemberData(nameof(Shapes))]
    public void Max_with_first_index_and_its_backward_match_the_cpu(int outer, int axis, int inner)
    {
        var n = outer * axis * inner;
        // Few distinct values, so ties are common and the first-occurrence rule is exercised.
        var x = Compare.Random(n, n + 1).Select(v => MathF.Round(v)).ToArray();
        var cv = Cpu.Output(outer * inner);
        var ci = Cpu.Output(outer * inner, DType.Int32);
        Cpu.Backend.Max(Cpu.Floats(x), cv, ci, outer, axis, inner);
        var gv = Gpu.Output(outer * inner);
        var gi = Gpu.Ints(new int[outer * inner]);
        Kernels.Max(Gpu.Floats(x), gv, gi, outer, axis, inner);
        Compare.Exact(Cpu.Read(cv), Gpu.ReadFloats(gv, outer * inner), "max");
        Assert.Equal(Cpu.ReadInts(ci), Gpu.ReadInts(gi, outer * inner));

        var dy = Compare.Random(outer * inner, 10);
        var cdx = Cpu.Output(n);
        Cpu.Backend.MaxBackward(Cpu.Floats(dy), ci, cdx, outer, axis, inner);
        var gdx = Gpu.Output(n);
        Kernels.MaxBackward(Gpu.Floats(dy), gi, gdx, outer, axis, inner);
        Compare.Exact(Cpu.Read(cdx), Gpu.ReadFloats(gdx, n), "max backward");
    }

    [EmulatorTheory]
    [InlineData(1, 40, 1)]
    [InlineData(2, 3, 1)]
    public void Max_lets_nan_win_as_the_cpu_does(int outer, int axis, int inner)
    {
        var x = Compare.Random(outer * axis * inner, 11);
        x[axis / 2] = float.NaN;
        x[^1] = float.NaN;
        var cv = Cpu.Output(outer * inner);
        var ci = Cpu.Output(outer * inner, DType.Int32);
        Cpu.Backend.Max(Cpu.Floats(x), cv, ci, outer, axis, inner);
        var gv = Gpu.Output(outer * inner);
        var gi = Gpu.Ints(new int[outer * inner]);
        Kernels.Max(Gpu.Floats(x), gv, gi, outer, axis, inner);
        Compare.Exact(Cpu.Read(cv), Gpu.ReadFloats(gv, outer * inner), "max");
        Assert.Equal(Cpu.ReadInts(ci), Gpu.ReadInts(gi, outer * inner));
    }

    public static TheoryData<int, int, int, bool> SoftmaxCases()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (var log in new[] { false, true })
        {
            foreach (var (o, a, i) in new[] { (1, 1, 1), (10, 2, 1), (5, 33, 1), (2, 1000, 1), (2, 7, 33), (3, 2, 257) })
            {
                data.Add(o, a, i, log);
            }
        }
        return data;
    }

    [EmulatorTheory]
    [MemberData(nameof(SoftmaxCases))]
    public void Softmax_forward_and_backward_match_the_cpu(int outer, int axis, int inner, bool log)
    {
        var n = outer * axis * inner;
        var x = Compare.Random(n, n, -8f, 8f);
        var dy = Compare.Random(n, n + 2);
        var cy = Cpu.Output(n);
        var cdx = Cpu.Output(n);
        Cpu.Backend.Softmax(Cpu.Floats(x), cy, outer, axis, inner, log);
        Cpu.Backend.SoftmaxBackward(cy, Cpu.Floats(dy), cdx, outer, axis, inner, log);
        var gy = Gpu.Output(n);
        var gdx = Gpu.Output(n);
        Kernels.Softmax(Gpu.Floats(x), gy, outer, axis, inner, log);
        Kernels.SoftmaxBackward(Gpu.Floats(Cpu.Read(cy)), Gpu.Floats(dy), gdx, outer, axis, inner, log);
        Compare.Close(Cpu.Read(cy), Gpu.ReadFloats(gy, n), 1e-5f, 1e-6f, "softmax");
        Compare.Close(Cpu.Read(cdx), Gpu.ReadFloats(gdx, n), 1e-4f, 1e-5f, "softmax backward");
    }
}
