using MultiMix.Kernels.Backend;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>
/// The backends every engine test runs against. Tests take a backend name from <see cref="All"/> so that a
/// new backend joins every test by being added here. "cuda-emu" is <see cref="CudaBackend"/> on the emulated
/// device (<see cref="EmulatedCudaDevice"/>): it needs g++, and without it its cases fail saying so rather than
/// being skipped, so a CI machine that lost its compiler cannot pass silently.
/// </summary>
public static class Backends
{
    public static readonly string[] Names = ["cpu", "cuda-emu"];

    private static readonly Lazy<CudaBackend> s_emulatedCuda = new(EmulatedCudaDevice.CreateBackend);

    public static TheoryData<string> All => new(Names);

    public static IBackend Get(string name) => name switch
    {
        "cpu" => CpuBackend.Shared,
        "cuda-emu" => s_emulatedCuda.Value,
        _ => throw new ArgumentException($"Unknown backend {name}."),
    };

    /// <summary>A fresh backend of its own, for tests that count its kernels or read its memory figures (tests run in parallel); the caller disposes it.</summary>
    public static IBackend Create(string name) => name switch
    {
        "cpu" => new CpuBackend(),
        "cuda-emu" => EmulatedCudaDevice.CreateBackend(),
        _ => throw new ArgumentException($"Unknown backend {name}."),
    };
}
