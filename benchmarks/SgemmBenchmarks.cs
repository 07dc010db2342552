using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Benchmarks;

/// <summary>Square row-major SGEMM, C = A·B, on all cores.</summary>
[Config(typeof(ShortJobConfig))]
public unsafe class SgemmBenchmarks
{
    private float* _a;
    private float* _b;
    private float* _c;

    [ParamsSource(nameof(Sizes))]
    public SquareGemm Size { get; set; } = new(256);

    public static IEnumerable<SquareGemm> Sizes => [new(256), new(512), new(1024)];

    [GlobalSetup]
    public void Setup()
    {
        var count = (long)Size.N * Size.N;
        _a = NativeBuffers.Random(count, 1);
        _b = NativeBuffers.Random(count, 2);
        _c = NativeBuffers.Random(count, 3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(_c);
    }

    [Benchmark]
    public void Multiply() => Sgemm.Multiply(false, false, Size.N, Size.N, Size.N, 1f, _a, Size.N, _b, Size.N, 0f, _c, Size.N);
}

/// <summary>An N×N×N product.</summary>
public sealed record SquareGemm(int N) : IFlopCount
{
    public double Flops => 2.0 * N * N * N;

    public override string ToString() => $"{N}³";
}
