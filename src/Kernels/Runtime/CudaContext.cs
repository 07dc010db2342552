using System.Text;
using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Runtime;

/// <summary>What the driver says about a GPU.</summary>
internal sealed record GpuInfo(int Ordinal, string Name, int Major, int Minor, long TotalMemory, int Multiprocessors, int DriverVersion);

/// <summary>
/// One GPU's primary context, made current on the calling thread, with a non-blocking stream that every
/// MultiMix launch, copy and library call uses. Disposing releases the stream and the context reference.
/// </summary>
internal sealed class CudaContext : IDisposable
{
    private readonly int _device;
    private bool _disposed;

    public CudaContext(int ordinal = 0)
    {
        NativeLibraries.Require(CudaLibrary.Driver);
        Info = Query(ordinal);
        CudaDriver.Check(CudaDriver.cuDeviceGet(out _device, ordinal));
        CudaDriver.Check(CudaDriver.cuDevicePrimaryCtxRetain(out var context, _device));
        Handle = context;
        MakeCurrent();
        CudaDriver.Check(CudaDriver.cuStreamCreate(out var stream, CudaDriver.StreamNonBlocking));
        Stream = stream;
    }

    public GpuInfo Info { get; }

    public nint Handle { get; }

    public nint Stream { get; }

    /// <summary>Binds the context to the calling thread (the driver's current context is per thread).</summary>
    public void MakeCurrent() => CudaDriver.Check(CudaDriver.cuCtxSetCurrent(Handle));

    public void Synchronize() => CudaDriver.Check(CudaDriver.cuStreamSynchronize(Stream));

    /// <summary>Initialises the driver and returns how many GPUs it shows this process.</summary>
    public static int DeviceCount()
    {
        NativeLibraries.Require(CudaLibrary.Driver);
        CudaDriver.Check(CudaDriver.cuInit(0));
        CudaDriver.Check(CudaDriver.cuDeviceGetCount(out var count));
        return count;
    }

    /// <summary>Initialises the driver and describes GPU <paramref name="ordinal"/>; throws when there is none.</summary>
    public static unsafe GpuInfo Query(int ordinal)
    {
        NativeLibraries.Require(CudaLibrary.Driver);
        CudaDriver.Check(CudaDriver.cuInit(0));
        CudaDriver.Check(CudaDriver.cuDriverGetVersion(out var driver));
        CudaDriver.Check(CudaDriver.cuDeviceGetCount(out var count));
        if (ordinal >= count) throw new CudaException($"GPU {ordinal} requested but the driver reports {count}");
        CudaDriver.Check(CudaDriver.cuDeviceGet(out var device, ordinal));
        var name = stackalloc byte[256];
        CudaDriver.Check(CudaDriver.cuDeviceGetName(name, 256, device));
        CudaDriver.Check(CudaDriver.cuDeviceGetAttribute(out var major, CudaDriver.AttributeComputeCapabilityMajor, device));
        CudaDriver.Check(CudaDriver.cuDeviceGetAttribute(out var minor, CudaDriver.AttributeComputeCapabilityMinor, device));
        CudaDriver.Check(CudaDriver.cuDeviceGetAttribute(out var sms, CudaDriver.AttributeMultiprocessorCount, device));
        CudaDriver.Check(CudaDriver.cuDeviceTotalMem_v2(out var memory, device));
        var text = Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0));
        return new GpuInfo(ordinal, text, major, minor, (long)memory, sms, driver);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CudaDriver.cuStreamDestroy_v2(Stream);
        CudaDriver.cuDevicePrimaryCtxRelease_v2(_device);
    }
}
