using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Benchmarks;

/// <summary>
/// The U-Net's convolutions (width 16) for a batch of 10 images of 128×128, in all three directions.
/// </summary>
[Config(typeof(ShortJobConfig))]
public unsafe class ConvBenchmarks
{
    internal const int Batch = 10;

    private float* _x;
    private float* _y;
    private float* _w;
    private float* _bias;
    private float* _dx;
    private float* _dw;
    private float* _dbias;

    [ParamsSource(nameof(Layers))]
    public ConvLayer Layer { get; set; } = new("down1.0", 1, 16, 128, 3);

    public static IEnumerable<ConvLayer> Layers =>
    [
        new("down1.0", 1, 16, 128, 3),
        new("down1.3", 16, 16, 128, 3),
        new("down2.0", 16, 32, 64, 3),
        new("down2.3", 32, 32, 64, 3),
        new("down3.0", 32, 64, 32, 3),
        new("down3.3", 64, 64, 32, 3),
        new("down4.0", 64, 128, 16, 3),
        new("down4.3", 128, 128, 16, 3),
        new("down5.0", 128, 256, 8, 3),
        new("down5.3", 256, 256, 8, 3),
        new("up4.0", 256 + 128 + 2, 128, 16, 3),
        new("up1.0", 32 + 16, 16, 128, 3),
        new("conv_last", 16, 1, 128, 1),
    ];

    [GlobalSetup]
    public void Setup()
    {
        var l = Layer;
        long pixels = l.Size * l.Size;
        _x = NativeBuffers.Random(Batch * l.Cin * pixels, 1);
        _dx = NativeBuffers.Random(Batch * l.Cin * pixels, 2);
        _y = NativeBuffers.Random(Batch * l.Cout * pixels, 3);
        _w = NativeBuffers.Random((long)l.Cout * l.Cin * l.K * l.K, 4);
        _dw = NativeBuffers.Random((long)l.Cout * l.Cin * l.K * l.K, 5);
        _bias = NativeBuffers.Random(l.Cout, 6);
        _dbias = NativeBuffers.Random(l.Cout, 7);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_x);
        NativeMemory.AlignedFree(_dx);
        NativeMemory.AlignedFree(_y);
        NativeMemory.AlignedFree(_w);
        NativeMemory.AlignedFree(_dw);
        NativeMemory.AlignedFree(_bias);
        NativeMemory.AlignedFree(_dbias);
    }

    [Benchmark]
    public void Forward() =>
        Conv2dKernels.Forward(_x, _w, _bias, _y, Batch, Layer.Cin, Layer.Cout, Layer.Size, Layer.Size, Layer.K);

    [Benchmark]
    public void BackwardData() =>
        Conv2dKernels.BackwardData(_y, _w, _dx, Batch, Layer.Cin, Layer.Cout, Layer.Size, Layer.Size, Layer.K);

    [Benchmark]
    public void BackwardWeight() =>
        Conv2dKernels.BackwardWeight(_y, _x, _dw, _dbias, Batch, Layer.Cin, Layer.Cout, Layer.Size, Layer.Size, Layer.K);
}

/// <summary>One convolution of the network: Cin→Cout channels at Size×Size, kernel K×K, batch <see cref="ConvBenchmarks.Batch"/>.</summary>
public sealed record ConvLayer(string Name, int Cin, int Cout, int Size, int K) : IFlopCount
{
    public double Flops => 2.0 * ConvBenchmarks.Batch * Cout * Cin * K * K * Size * Size;

    public override string ToString() => $"{Name} {Cin}→{Cout} @{Size}²";
}
