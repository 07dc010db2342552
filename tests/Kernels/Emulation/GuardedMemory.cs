using System.Runtime.InteropServices;
using MultiMix.Kernels.Launch;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>
/// Host memory standing in for device memory in the emulator. Every buffer has guard zones on both sides filled
/// with a sentinel; <see cref="Dispose"/> fails the test if a kernel wrote outside its buffer.
/// </summary>
internal sealed unsafe class GuardedMemory : IKernelMemory
{
    private const int Guard = 64;
    private const uint Sentinel = 0x7FBADBAD;

    private readonly List<(nint Block, long Length)> _buffers = [];

    public DevicePtr Floats(ReadOnlySpan<float> values)
    {
        var p = Allocate(values.Length);
        values.CopyTo(new Span<float>((void*)p.Address, values.Length));
        return p;
    }

    public DevicePtr Ints(ReadOnlySpan<int> values)
    {
        var p = Allocate(values.Length);
        values.CopyTo(new Span<int>((void*)p.Address, values.Length));
        return p;
    }

    public DevicePtr Output(long length)
    {
        var p = Allocate(length);
        new Span<float>((void*)p.Address, (int)length).Fill(float.NaN);
        return p;
    }

    public float[] ReadFloats(DevicePtr p, long length) => new ReadOnlySpan<float>((void*)p.Address, (int)length).ToArray();

    public int[] ReadInts(DevicePtr p, long length) => new ReadOnlySpan<int>((void*)p.Address, (int)length).ToArray();

    private DevicePtr Allocate(long length)
    {
        var total = length + (2 * Guard);
        var block = (uint*)NativeMemory.Alloc((nuint)total, sizeof(uint));
        new Span<uint>(block, (int)total).Fill(Sentinel);
        _buffers.Add(((nint)block, length));
        return new DevicePtr((ulong)(block + Guard));
    }

    public void Dispose()
    {
        var damaged = 0;
        foreach (var (block, length) in _buffers)
        {
            var words = (uint*)block;
            for (var i = 0; i < Guard; i++)
            {
                if (words[i] != Sentinel || words[Guard + length + i] != Sentinel) damaged++;
            }
            NativeMemory.Free((void*)block);
        }
        _buffers.Clear();
        if (damaged > 0) throw new InvalidOperationException($"a kernel wrote outside its buffers ({damaged} guard words changed)");
    }
}
