using System.Runtime.InteropServices;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Native, 64-byte aligned blocks kept by exact (rounded) size for reuse: a training step asks for the same
/// sizes every time, so after the first step every request is served from the pool and memory stays flat.
/// Nothing here is on the managed heap, so large tensors cause no large-object-heap churn.
/// </summary>
internal sealed unsafe class CpuMemoryPool : IDisposable
{
    private const int Alignment = 64;
    private readonly Dictionary<long, Stack<IntPtr>> _free = [];
    private readonly Lock _gate = new();

    public long BytesInUse { get; private set; }

    public long BytesReserved { get; private set; }

    public long PeakBytesInUse { get; private set; }

    public void ResetPeak()
    {
        lock (_gate) PeakBytesInUse = BytesInUse;
    }

    public static long RoundUp(long bytes) => Math.Max(Alignment, (bytes + Alignment - 1) / Alignment * Alignment);

    public void* Rent(long bytes)
    {
        lock (_gate)
        {
            BytesInUse += bytes;
            PeakBytesInUse = Math.Max(PeakBytesInUse, BytesInUse);
            if (_free.TryGetValue(bytes, out var stack) && stack.Count > 0) return (void*)stack.Pop();
            BytesReserved += bytes;
        }
        return NativeMemory.AlignedAlloc((nuint)bytes, Alignment);
    }

    public void Return(void* block, long bytes)
    {
        lock (_gate)
        {
            BytesInUse -= bytes;
            if (!_free.TryGetValue(bytes, out var stack)) _free[bytes] = stack = new Stack<IntPtr>();
            stack.Push((IntPtr)block);
        }
    }

    /// <summary>Frees every pooled block back to the system (live blocks stay valid).</summary>
    public void Trim()
    {
        lock (_gate)
        {
            foreach (var (bytes, stack) in _free)
            {
                while (stack.Count > 0)
                {
                    NativeMemory.AlignedFree((void*)stack.Pop());
                    BytesReserved -= bytes;
                }
            }
        }
    }

    public void Dispose() => Trim();
}
