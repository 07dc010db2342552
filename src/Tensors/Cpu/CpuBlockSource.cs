using System.Runtime.InteropServices;
using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// Host memory for the CPU backend's <see cref="MemoryPool"/>: 64-byte aligned native blocks; segments are aligned
/// to 2 MiB and, on Linux, marked for transparent huge pages (madvise), so a large tensor is faulted in 2 MiB at a
/// time and its pages stay within reach of the TLB. Nothing is on the managed heap.
/// </summary>
internal sealed unsafe class CpuBlockSource : IBlockSource
{
    private const int MadviseHugePage = 14;

    private static readonly delegate* unmanaged<void*, nuint, int, int> s_madvise = FindMadvise();

    public long Granularity => 64;

    public ulong Allocate(long bytes)
    {
        var segment = bytes % MemoryPool.SegmentGranularity == 0;
        var block = NativeMemory.AlignedAlloc((nuint)bytes, segment ? (nuint)MemoryPool.SegmentGranularity : (nuint)Granularity);
        if (segment && s_madvise != null) _ = s_madvise(block, (nuint)bytes, MadviseHugePage);
        return (ulong)block;
    }

    public void Free(ulong address, long bytes) => NativeMemory.AlignedFree((void*)address);

    public void Synchronize()
    {
    }

    public bool IsOutOfMemory(Exception error) => error is OutOfMemoryException;

    /// <summary>libc's madvise on Linux; null elsewhere, or when it cannot be found (then pages are the default size).</summary>
    private static delegate* unmanaged<void*, nuint, int, int> FindMadvise() =>
        OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "madvise", out var madvise)
            ? (delegate* unmanaged<void*, nuint, int, int>)madvise
            : null;
}
