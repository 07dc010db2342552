using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Runtime;

/// <summary>A device allocation of 32-bit elements, with copies to and from the host on the context's stream.</summary>
internal sealed unsafe class DeviceBuffer : IDisposable
{
    private readonly CudaContext _context;
    private bool _disposed;

    public DeviceBuffer(CudaContext context, long length)
    {
        _context = context;
        Length = length;
        CudaDriver.Check(CudaDriver.cuMemAlloc_v2(out var address, (nuint)Math.Max(1, length * sizeof(float))));
        Pointer = new DevicePtr(address);
    }

    public long Length { get; }

    public DevicePtr Pointer { get; }

    public void Upload<T>(ReadOnlySpan<T> source)
        where T : unmanaged
    {
        fixed (T* p = source)
        {
            CudaDriver.Check(CudaDriver.cuMemcpyHtoDAsync_v2(Pointer.Address, p, (nuint)(source.Length * sizeof(T)), _context.Stream));
            _context.Synchronize();
        }
    }

    public void Download<T>(Span<T> destination)
        where T : unmanaged
    {
        fixed (T* p = destination)
        {
            CudaDriver.Check(CudaDriver.cuMemcpyDtoHAsync_v2(p, Pointer.Address, (nuint)(destination.Length * sizeof(T)), _context.Stream));
            _context.Synchronize();
        }
    }

    /// <summary>Sets every 32-bit word to <paramref name="bits"/> (e.g. a float's bit pattern), in order on the context's stream.</summary>
    public void Fill(uint bits) => CudaDriver.Check(CudaDriver.cuMemsetD32Async(Pointer.Address, bits, (nuint)Length, _context.Stream));

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CudaDriver.cuMemFree_v2(Pointer.Address);
    }
}
