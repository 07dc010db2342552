using MultiMix.Tensors;
using Xunit;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>max_pool2x2 and resize_bilinear (align_corners), forward and backward.</summary>
public sealed class SpatialKernelTests : KernelParity
{
    [EmulatorTheory]
    [InlineData(1, 2, 2)]
    [InlineData(3, 6, 10)]
    [InlineData(2, 32, 34)]
    [InlineData(7, 16, 2)]
    public void Max_pool_forward_and_backward_match_the_cpu(int planes, int h, int w)
    {
        var n = planes * h * w;
        var m = planes * (h / 2) * (w / 2);
        var x = Compare.Random(n, n).Select(v => MathF.Round(v * 2)).ToArray(); // ties
        var dy = Compare.Random(m, n + 1);
        var cy = Cpu.Output(m);
        var ca = Cpu.Output(m, DType.Int32);
        var cdx = Cpu.Output(n);
        Cpu.Backend.MaxPool2x2(Cpu.Floats(x), cy, ca, planes, h, w);
        Cpu.Backend.MaxPool2x2Backward(Cpu.Floats(dy), ca, cdx, planes, h, w);
        var gy = Gpu.Output(m);
        var ga = Gpu.Ints(new int[m]);
        var gdx = Gpu.Output(n);
        Kernels.MaxPool2x2(Gpu.Floats(x), gy, ga, planes, h, w);
        Kernels.MaxPool2x2Backward(Gpu.Floats(dy), ga, gdx, planes, h, w);
        Compare.Exact(Cpu.Read(cy), Gpu.ReadFloats(gy, m), "y");
        Assert.Equal(Cpu.ReadInts(ca), Gpu.ReadInts(ga, m));
        Compare.Exact(Cpu.Read(cdx), Gpu.ReadFloats(gdx, n), "dx");
    }

    [EmulatorTheory]
    [InlineData(1, 4, 4, 8, 8)]
    [InlineData(3, 5, 7, 9, 13)]
    [InlineData(2, 64, 64, 8, 8)]
    [InlineData(2, 33, 17, 4, 3)]
    [InlineData(1, 1, 5, 3, 1)]
    [InlineData(2, 8, 8, 1, 1)]
    [InlineData(1, 7, 7, 7, 7)]
    [InlineData(2, 16, 16, 32, 32)]
    public void Resize_bilinear_forward_and_backward_match_the_cpu(int planes, int hIn, int wIn, int hOut, int wOut)
    {
        var nIn = planes * hIn * wIn;
        var nOut = planes * hOut * wOut;
        var x = Compare.Random(nIn, nIn);
        var dy = Compare.Random(nOut, nOut + 1);
        var cy = Cpu.Output(nOut);
        var cdx = Cpu.Output(nIn);
        Cpu.Backend.ResizeBilinear(Cpu.Floats(x), cy, planes, hIn, wIn, hOut, wOut);
        Cpu.Backend.ResizeBilinearBackward(Cpu.Floats(dy), cdx, planes, hIn, wIn, hOut, wOut);
        var gy = Gpu.Output(nOut);
        var gdx = Gpu.Output(nIn);
        Kernels.ResizeBilinear(Gpu.Floats(x), gy, planes, hIn, wIn, hOut, wOut);
        Kernels.ResizeBilinearBackward(Gpu.Floats(dy), gdx, planes, hIn, wIn, hOut, wOut);
        Compare.Exact(Cpu.Read(cy), Gpu.ReadFloats(gy, nOut), "y");
        Compare.Close(Cpu.Read(cdx), Gpu.ReadFloats(gdx, nIn), 1e-5f, 1e-5f, "dx");
    }
}
