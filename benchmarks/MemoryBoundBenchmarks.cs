using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Benchmarks;

/// <summary>
/// The memory-bound kernels of a training step at the shapes of the first level at 256 px, 10 images per stream
/// (50 images × 16 channels × 256², 200 MiB per tensor), on both cores, against a plain scaled copy of the same size
/// (the streaming bandwidth they can hope for). GB/s counts each input read once and each output written once.
/// </summary>
[Config(typeof(Config))]
public unsafe class MemoryBoundBenchmarks : IBytesMoved
{
    private const int Images = 50;
    private const int Channels = 16;
    private const int Side = 256;
    private const long Planes = (long)Images * Channels;
    private const long Hw = Side * Side;
    private const long N = Planes * Hw;

    private float* _x;
    private float* _y;
    private float* _d;
    private float* _dy;
    private float* _dx;
    private float* _stats;
    private uint* _keep;
    private int* _argmax;

    [GlobalSetup]
    public void Setup()
    {
        _x = NativeBuffers.Random(N, 1);
        _y = NativeBuffers.Random(N, 2);
        _d = NativeBuffers.Random(N, 3);
        _dy = NativeBuffers.Random(N, 4);
        _dx = NativeBuffers.Random(N, 5);
        _stats = NativeBuffers.Random(2 * Planes, 6);
        _keep = (uint*)NativeMemory.AlignedAlloc((nuint)(DropoutBits.Words(N) * sizeof(uint)), 64);
        _argmax = (int*)NativeMemory.AlignedAlloc((nuint)(N / 4 * sizeof(int)), 64);
        DropoutBits.Write(_keep, N, 0.25f, 1, 0);
        CpuSpatial.MaxPool2x2(_x, _y, _argmax, Planes, Side, Side);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var p in new[] { _x, _y, _d, _dy, _dx, _stats }) NativeMemory.AlignedFree(p);
        NativeMemory.AlignedFree(_keep);
        NativeMemory.AlignedFree(_argmax);
    }

    public double BytesOf(string benchmark) => sizeof(float) * benchmark switch
    {
        nameof(ScaledCopy) or nameof(InstanceNormForward) or nameof(BlockCopy) => 2.0 * N,
        nameof(InstanceNormDropoutForward) or nameof(InstanceNormDropoutBackward) => 3.0 * N,
        nameof(MaxPool) or nameof(MaxPoolBackward) => 1.5 * N,
        nameof(ResizeUp) or nameof(ResizeUpBackward) => 1.25 * N,
        _ => throw new ArgumentException(benchmark),
    };

    [Benchmark(Baseline = true)]
    public void ScaledCopy() => CpuParallel.For(N, 1 << 16, (s, e) =>
        TensorPrimitives.Multiply(new ReadOnlySpan<float>(_x + s, (int)(e - s)), 0.5f, new Span<float>(_y + s, (int)(e - s))));

    [Benchmark]
    public void BlockCopy() => CpuCopy.Blocks(_x, Hw * Channels, _y, Hw * Channels, Hw * Channels, Images);

    [Benchmark]
    public void InstanceNormForward() => CpuNormalization.Forward(_x, _y, _stats, _stats + Planes, Planes, Hw, 1e-5f, 0.2f);

    [Benchmark]
    public void InstanceNormDropoutForward()
    {
        DropoutBits.Write(_keep, N, 0.25f, 1, 0);
        CpuNormalization.Forward(_x, _y, _stats, _stats + Planes, Planes, Hw, 1e-5f, 0.2f, _d, _keep, DropoutBits.KeepScale(0.25f));
    }

    [Benchmark]
    public void InstanceNormDropoutBackward() => CpuNormalization.Backward(_y, _stats + Planes, _dy, _dx, Planes, Hw, 0.2f, _keep, DropoutBits.KeepScale(0.25f));

    [Benchmark]
    public void MaxPool() => CpuSpatial.MaxPool2x2(_x, _y, _argmax, Planes, Side, Side);

    [Benchmark]
    public void MaxPoolBackward() => CpuSpatial.MaxPool2x2Backward(_dy, _argmax, _dx, Planes, Side, Side);

    /// <summary>×2 upsampling of 800 planes of 128² to 256² (the decoder's, into the first level; the output is this class's tensor size).</summary>
    [Benchmark]
    public void ResizeUp() => CpuSpatial.ResizeBilinear(_x, _y, Planes, Side / 2, Side / 2, Side, Side);

    [Benchmark]
    public void ResizeUpBackward() => CpuSpatial.ResizeBilinearBackward(_dy, _dx, Planes, Side / 2, Side / 2, Side, Side);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5));
            AddColumn(new BandwidthColumn());
        }
    }
}
