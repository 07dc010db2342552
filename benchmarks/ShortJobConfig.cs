using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MultiMix.Benchmarks;

/// <summary>A short job (3 warm-up and 5 measured iterations) with the GFLOP/s column, so the kernel suites run in minutes.</summary>
public sealed class ShortJobConfig : ManualConfig
{
    public ShortJobConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5));
        AddColumn(new FlopsColumn());
    }
}
