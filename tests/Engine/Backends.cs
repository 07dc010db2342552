using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>
/// The backends every engine test runs against. Tests take a backend name from <see cref="All"/> so that a
/// new backend (CUDA) joins every test by being added here.
/// </summary>
public static class Backends
{
    public static readonly string[] Names = ["cpu"];

    public static TheoryData<string> All => new(Names);

    public static IBackend Get(string name) => name switch
    {
        "cpu" => CpuBackend.Shared,
        _ => throw new ArgumentException($"Unknown backend {name}."),
    };

    /// <summary>A new instance the caller owns, for tests that read its kernel counters or memory figures (tests run in parallel).</summary>
    public static IBackend Create(string name) => name switch
    {
        "cpu" => new CpuBackend(),
        _ => throw new ArgumentException($"Unknown backend {name}."),
    };
}
