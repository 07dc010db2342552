using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// Device blocks kept by exact (rounded) size for reuse, as the CPU pool does: a training step asks for the same
/// sizes every time, so after the first step no request reaches cudaMalloc (which synchronises the device and is
/// slow). A block returned while kernels that use it are still queued is safe to hand out again, because all
/// work runs in order on the device's one stream.
/// </summary>
internal sealed class CudaMemoryPool(ICudaDevice device) : IDisposable
{
    /// <summary>cudaMalloc's alignment; every block is a multiple of it.</summary>
    private const int Granularity = 256;

    private readonly Dictionary<long, Stack<DevicePtr>> _free = [];
    private readonly Lock _gate = new();

    public long BytesInUse { get; private set; }

    public long BytesReserved { get; private set; }

    public long PeakBytesInUse { get; private set; }

    public void ResetPeak()
    {
        lock (_gate) PeakBytesInUse = BytesInUse;
    }

    public static long RoundUp(long bytes) => Math.Max(Granularity, (bytes + Granularity - 1) / Granularity * Granularity);

    public DevicePtr Rent(long bytes)
    {
        lock (_gate)
        {
            if (_free.TryGetValue(bytes, out var stack) && stack.Count > 0)
            {
                BytesInUse += bytes;
                PeakBytesInUse = Math.Max(PeakBytesInUse, BytesInUse);
                return stack.Pop();
            }
        }
        DevicePtr block;
        try
        {
            block = device.Allocate(bytes);
        }
        catch (CudaException) when (BytesReserved > BytesInUse)
        {
            // Out of device memory while blocks of other sizes sit unused: give those back and try once more.
            Trim();
            block = device.Allocate(bytes);
        }
        lock (_gate)
        {
            BytesInUse += bytes;
            PeakBytesInUse = Math.Max(PeakBytesInUse, BytesInUse);
            BytesReserved += bytes;
        }
        return block;
    }

    public void Return(DevicePtr block, long bytes)
    {
        lock (_gate)
        {
            BytesInUse -= bytes;
            if (!_free.TryGetValue(bytes, out var stack)) _free[bytes] = stack = new Stack<DevicePtr>();
            stack.Push(block);
        }
    }

    /// <summary>Frees every pooled block back to the device once queued work is done (live blocks stay valid).</summary>
    public void Trim()
    {
        lock (_gate)
        {
            device.Synchronize();
            foreach (var (bytes, stack) in _free)
            {
                while (stack.Count > 0)
                {
                    device.Free(stack.Pop(), bytes);
                    BytesReserved -= bytes;
                }
            }
        }
    }

    public void Dispose() => Trim();
}
