using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Model.Training;
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
    private StepInputs _batch = null!;
    private RandomStream _dropout = null!;

    [Params(64, 128)]
    public int Size { get; set; }

    [Params(4)]
    public int PerStream { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new MultiMixNet(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, 16, Size), 1);
        _adam = new Adam(_model.Flat!, 1e-4f);
        _batch = SyntheticBatch.Create(Size, PerStream);
        _dropout = new RandomStream(9);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _adam.Dispose();
        _model.Dispose();
    }

    [Benchmark]
    public float Step() => TrainingStep.Run(_model, _adam, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, _batch, _dropout).Total;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5));
    }
}
