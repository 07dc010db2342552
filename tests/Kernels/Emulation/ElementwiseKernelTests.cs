using MultiMix.Tensors.Backend;
using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>fill, unary_forward/backward (LeakyReLU among them), binary_forward, axpy, add_channel_bias, copy_blocks.</summary>
public sealed class ElementwiseKernelTests : KernelParity
{
    public static TheoryData<UnaryOp, int> UnaryCases()
    {
        var data = new TheoryData<UnaryOp, int>();
        foreach (var op in Enum.GetValues<UnaryOp>())
        {
            foreach (var n in new[] { 1, 7, 33, 257, 1000, 4099 }) data.Add(op, n);
        }
        return data;
    }

    private static float[] InputFor(UnaryOp op, int n, int seed) =>
        op == UnaryOp.Log ? Compare.Random(n, seed, 0.05f, 5f) : Compare.Random(n, seed);

    [EmulatorTheory]
    [MemberData(nameof(UnaryCases))]
    public void Unary_forward_and_backward_match_the_cpu(UnaryOp op, int n)
    {
        var x = InputFor(op, n, n);
        x[0] = op == UnaryOp.Log ? 1f : 0f; // the kink of Abs and LeakyReLU
        var dy = Compare.Random(n, n + 1);
        const float Alpha = 0.2f;

        var cx = Cpu.Floats(x);
        var cy = Cpu.Output(n);
        var cdx = Cpu.Output(n);
        Cpu.Backend.Unary(op, cx, cy, n, Alpha);
        Cpu.Backend.UnaryBackward(op, cx, cy, Cpu.Floats(dy), cdx, n, Alpha);

        var gx = Gpu.Floats(x);
        var gy = Gpu.Output(n);
        var gdx = Gpu.Output(n);
        Kernels.Unary(op, gx, gy, n, Alpha);
        // The backward reads the CPU's y, so each kernel is compared on identical inputs.
        Kernels.UnaryBackward(op, gx, Gpu.Floats(Cpu.Read(cy)), Gpu.Floats(dy), gdx, n, Alpha);

        Compare.Close(Cpu.Read(cy), Gpu.ReadFloats(gy, n), 2e-6f, 1e-7f, $"{op} forward");
        Compare.Close(Cpu.Read(cdx), Gpu.ReadFloats(gdx, n), 2e-6f, 1e-7f, $"{op} backward");
    }

    [EmulatorTheory]
    [InlineData(BinaryOp.Add, 1)]
    [InlineData(BinaryOp.Sub, 33)]
    [InlineData(BinaryOp.Mul, 257)]
    [InlineData(BinaryOp.Div, 1000)]
    [InlineData(BinaryOp.Add, 4099)]
    public void Binary_matches_the_cpu(BinaryOp op, int n)
    {
        var a = Compare.Random(n, 1);
        var b = Compare.Random(n, 2, 0.5f, 2f);
        var cy = Cpu.Output(n);
        Cpu.Backend.Binary(op, Cpu.Floats(a), Cpu.Floats(b), cy, n);
        var gy = Gpu.Output(n);
        Kernels.Binary(op, Gpu.Floats(a), Gpu.Floats(b), gy, n);
        Compare.Exact(Cpu.Read(cy), Gpu.ReadFloats(gy, n), op.ToString());
    }

    [EmulatorTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Fill_and_axpy_match_the_cpu(int n)
    {
        var x = Compare.Random(n, 3);
        var y = Compare.Random(n, 4);
        var cy = Cpu.Floats(y);
        Cpu.Backend.Axpy(-0.75f, Cpu.Floats(x), cy, n);
        var gy = Gpu.Floats(y);
        Kernels.Axpy(-0.75f, Gpu.Floats(x), gy, n);
        Compare.Close(Cpu.Read(cy), Gpu.ReadFloats(gy, n), 1e-6f, 1e-7f, "axpy");

        var cf = Cpu.Output(n);
        Cpu.Backend.Fill(cf, 2.5f);
        var gf = Gpu.Output(n);
        Kernels.Fill(gf, 2.5f, n);
        Compare.Exact(Cpu.Read(cf), Gpu.ReadFloats(gf, n), "fill");
    }

    [EmulatorTheory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 7)]
    [InlineData(3, 16, 33)]
    [InlineData(1, 5, 1000)]
    public void Channel_bias_matches_the_cpu(int outer, int channels, int inner)
    {
        var n = outer * channels * inner;
        var y = Compare.Random(n, 5);
        var bias = Compare.Random(channels, 6);
        var cy = Cpu.Floats(y);
        Cpu.Backend.AddChannelBias(cy, Cpu.Floats(bias), outer, channels, inner);
        var gy = Gpu.Floats(y);
        Kernels.AddChannelBias(gy, Gpu.Floats(bias), outer, channels, inner);
        Compare.Exact(Cpu.Read(cy), Gpu.ReadFloats(gy, n), "bias");
    }

    [EmulatorTheory]
    [InlineData(1, 1, 0, 1, 0, 1)]
    [InlineData(7, 3, 2, 11, 5, 13)]
    [InlineData(33, 4, 1, 40, 0, 33)]
    [InlineData(257, 2, 0, 300, 17, 257)]
    public void Copy_blocks_matches_the_cpu_for_floats_and_ints(int blockLength, int blocks, int srcOffset, int srcStride, int dstOffset, int dstStride)
    {
        var sourceLength = srcOffset + ((blocks - 1) * srcStride) + blockLength;
        var destinationLength = dstOffset + ((blocks - 1) * dstStride) + blockLength;
        var source = Compare.Random(sourceLength, 7);
        var destination = Compare.Random(destinationLength, 8);
        var cd = Cpu.Floats(destination);
        Cpu.Backend.CopyBlocks(Cpu.Floats(source), srcOffset, srcStride, cd, dstOffset, dstStride, blockLength, blocks);
        var gd = Gpu.Floats(destination);
        Kernels.CopyBlocks(Gpu.Floats(source), srcOffset, srcStride, gd, dstOffset, dstStride, blockLength, blocks);
        Compare.Exact(Cpu.Read(cd), Gpu.ReadFloats(gd, destinationLength), "copy");

        var ints = Enumerable.Range(0, sourceLength).ToArray();
        var gi = Gpu.Ints(new int[destinationLength]);
        Kernels.CopyBlocks(Gpu.Ints(ints), srcOffset, srcStride, gi, dstOffset, dstStride, blockLength, blocks);
        var copied = Gpu.ReadInts(gi, destinationLength);
        for (var b = 0; b < blocks; b++)
        {
            for (var j = 0; j < blockLength; j++) Assert.Equal(srcOffset + (b * srcStride) + j, copied[dstOffset + (b * dstStride) + j]);
        }
    }
}
