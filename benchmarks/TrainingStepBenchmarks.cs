using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Random;

namespace MultiMix.Benchmarks;

/// <summary>
/// One whole MultiMix training step on the CPU — saliency (input gradient), forward of the five concatenated
/// streams, the four-term loss, backward and Adam — at the synthetic default (64 px, 4 images per stream) and at a
/// larger input. Images per second = 5·batch / mean time.
/// </summary>
[Config(typeof(Config))]
public class TrainingStepBenchmarks
{
    private MultiMixNet _model = null!;
    private Adam _adam = null!;
    private float[] _images = null!;
    private float[] _masks = null!;
    private int[] _labels = null!;
    private StreamLayout _layout = null!;
    private RandomStream _dropout = null!;

    [Params(64, 128)]
    public int Size { get; set; }

    [Params(4)]
    public int PerStream { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new MultiMixNet(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, 16, Size), 1);
        _adam = new Adam(_model.NamedParameters(), 1e-4f);
        _layout = new StreamLayout(PerStream, PerStream, PerStream, PerStream);
        _images = new float[_layout.Total * Size * Size];
        Philox.FillUniform(_images, 5, 0);
        _masks = new float[PerStream * Size * Size];
        for (var i = 0; i < _masks.Length; i++) _masks[i] = _images[i] > 0.5f ? 1f : 0f;
        _labels = [.. Enumerable.Range(0, PerStream).Select(i => i % 2)];
        for (var i = 0; i < _images.Length; i++) _images[i] = (2 * _images[i]) - 1;
        _dropout = new RandomStream(9);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _adam.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public float Step()
    {
        float total;
        using (new TensorScope())
        {
            var b = _model.Backend;
            var x = Tensor.FromArray(b, _images, _layout.Total, 1, Size, Size);
            var masks = Tensor.FromArray(b, _masks, PerStream, 1, Size, Size);
            var labels = Tensor.FromArray(b, _labels, PerStream);
            var (seg, cls) = _model.Forward(x, _dropout);
            var (loss, terms) = MultiMixLoss.Compute(ModelVariant.MultiMix, new LossWeights(), _layout, seg, cls, masks, labels);
            Backprop.Backward(loss);
            total = terms.Total;
        }
        _adam.Step();
        return total;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5));
    }
}
