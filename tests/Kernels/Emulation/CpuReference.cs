using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>Runs a primitive on the CPU backend from host arrays and reads the results back.</summary>
public sealed class CpuReference : IDisposable
{
    private readonly List<Storage> _storages = [];

    public CpuBackend Backend { get; } = new();

    public Storage Floats(ReadOnlySpan<float> values)
    {
        var s = Output(values.Length);
        Backend.Upload(values, s);
        return s;
    }

    public Storage Ints(ReadOnlySpan<int> values)
    {
        var s = Backend.Allocate(values.Length, DType.Int32);
        _storages.Add(s);
        Backend.Upload(values, s);
        return s;
    }

    public Storage Output(long length, DType dtype = DType.Float32)
    {
        var s = Backend.Allocate(length, dtype);
        _storages.Add(s);
        return s;
    }

    public float[] Read(Storage s)
    {
        var values = new float[s.Length];
        Backend.Download(s, values);
        return values;
    }

    public int[] ReadInts(Storage s)
    {
        var values = new int[s.Length];
        Backend.Download(s, values);
        return values;
    }

    public void Dispose()
    {
        foreach (var s in _storages) s.Dispose();
        Backend.Dispose();
    }
}
