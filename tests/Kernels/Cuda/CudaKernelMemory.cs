using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Runtime;

namespace MultiMix.Tests.Kernels.Cuda;

/// <summary>Device memory for the parity tests on a real GPU (scripts/gpu-check.sh); freed on dispose.</summary>
internal sealed class CudaKernelMemory(CudaContext context) : Emulation.IKernelMemory
{
    private readonly Dictionary<ulong, DeviceBuffer> _buffers = [];

    public DevicePtr Floats(ReadOnlySpan<float> values)
    {
        var buffer = Allocate(values.Length);
        buffer.Upload(values);
        return buffer.Pointer;
    }

    public DevicePtr Ints(ReadOnlySpan<int> values)
    {
        var buffer = Allocate(values.Length);
        buffer.Upload(values);
        return buffer.Pointer;
    }

    public DevicePtr Output(long length)
    {
        var buffer = Allocate(length);
        buffer.Fill(BitConverter.SingleToUInt32Bits(float.NaN));
        return buffer.Pointer;
    }

    public float[] ReadFloats(DevicePtr p, long length)
    {
        var values = new float[length];
        _buffers[p.Address].Download<float>(values);
        return values;
    }

    public int[] ReadInts(DevicePtr p, long length)
    {
        var values = new int[length];
        _buffers[p.Address].Download<int>(values);
        return values;
    }

    private DeviceBuffer Allocate(long length)
    {
        var buffer = new DeviceBuffer(context, length);
        _buffers[buffer.Pointer.Address] = buffer;
        return buffer;
    }

    /// <summary>Frees every buffer, also when waiting for the stream fails (a kernel that faulted leaves the context in error).</summary>
    public void Dispose()
    {
        try
        {
            context.Synchronize();
        }
        finally
        {
            foreach (var buffer in _buffers.Values) buffer.Dispose();
            _buffers.Clear();
        }
    }
}
