using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MultiMix.Kernels.Discovery;

namespace MultiMix.Kernels.Native;

/// <summary>
/// The CUDA driver API (libcuda.so.1). Signatures and constants from <c>cuda.h</c> of CUDA 12.x/13.0: every
/// call returns <c>CUresult</c> (0 = CUDA_SUCCESS); <c>CUdeviceptr</c> is a 64-bit unsigned integer;
/// <c>CUdevice</c> an int; contexts, streams, events, modules and functions are opaque pointers. Where cuda.h
/// maps a name to a versioned symbol (<c>#define cuMemAlloc cuMemAlloc_v2</c>), the versioned symbol is bound.
/// Every copy and fill is stream-ordered (<c>*Async</c> on the context's stream): the synchronous forms run on the
/// legacy default stream, which does not order against a <c>CU_STREAM_NON_BLOCKING</c> stream.
/// <c>cuEventElapsedTime</c> left the CUDA 13 header for <c>cuEventElapsedTime_v2(float*, CUevent, CUevent)</c>
/// (exported since 12.8); <see cref="EventElapsedTime"/> calls the newer one where the driver exports it.
/// </summary>
internal static unsafe partial class CudaDriver
{
    public const int Success = 0;

    /// <summary>CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR / _MINOR.</summary>
    public const int AttributeComputeCapabilityMajor = 75;
    public const int AttributeComputeCapabilityMinor = 76;

    /// <summary>CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT.</summary>
    public const int AttributeMultiprocessorCount = 16;

    /// <summary>CU_STREAM_NON_BLOCKING.</summary>
    public const uint StreamNonBlocking = 0x1;

    /// <summary>CU_EVENT_DEFAULT.</summary>
    public const uint EventDefault = 0x0;

    /// <summary>CU_EVENT_DISABLE_TIMING: an event only waited on, cheaper to record.</summary>
    public const uint EventDisableTiming = 0x2;

    static CudaDriver() => NativeLibraries.Register();

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuInit(uint flags);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDriverGetVersion(out int version);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuGetErrorName(int error, out nint name);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuGetErrorString(int error, out nint text);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDeviceGetCount(out int count);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDeviceGet(out int device, int ordinal);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDeviceGetName(byte* name, int length, int device);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDeviceGetAttribute(out int value, int attribute, int device);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDeviceTotalMem_v2(out nuint bytes, int device);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDevicePrimaryCtxRetain(out nint context, int device);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuDevicePrimaryCtxRelease_v2(int device);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuCtxSetCurrent(nint context);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuStreamCreate(out nint stream, uint flags);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuStreamDestroy_v2(nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuStreamSynchronize(nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuEventCreate(out nint e, uint flags);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuEventRecord(nint e, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuEventSynchronize(nint e);

    /// <summary>Milliseconds between two recorded events, through the newest elapsed-time entry point the driver exports.</summary>
    public static int EventElapsedTime(out float milliseconds, nint start, nint end)
    {
        var function = (delegate* unmanaged<float*, nint, nint, int>)s_eventElapsedTime.Value;
        float ms;
        var result = function(&ms, start, end);
        milliseconds = ms;
        return result;
    }

    /// <summary>The elapsed-time entry points, newest first.</summary>
    public static IReadOnlyList<string> EventElapsedTimeSymbols { get; } = ["cuEventElapsedTime_v2", "cuEventElapsedTime"];

    private static readonly Lazy<nint> s_eventElapsedTime = new(() =>
        NativeExports.First(LibraryDiscovery.Probe(CudaLibrary.Driver).Handle, EventElapsedTimeSymbols).Address);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuEventDestroy_v2(nint e);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuMemAlloc_v2(out ulong pointer, nuint bytes);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuMemFree_v2(ulong pointer);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuMemAllocHost_v2(out nint pointer, nuint bytes);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuMemFreeHost(nint pointer);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuMemcpyHtoDAsync_v2(ulong destination, void* source, nuint bytes, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuMemcpyDtoHAsync_v2(void* destination, ulong source, nuint bytes, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuMemsetD32Async(ulong destination, uint value, nuint count, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuModuleLoadData(out nint module, void* image);

    [LibraryImport(NativeLibraries.Driver, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int cuModuleGetFunction(out nint function, nint module, string name);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuModuleUnload(nint module);

    [LibraryImport(NativeLibraries.Driver)]
    public static partial int cuLaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ, uint sharedBytes, nint stream, void** parameters, void** extra);

    /// <summary>Throws a <see cref="CudaException"/> naming the call and the driver's error name and text unless it succeeded.</summary>
    public static void Check(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != Success) throw new CudaException(call, result, Describe(result));
    }

    public static string Describe(int result)
    {
        var name = cuGetErrorName(result, out var n) == Success ? Marshal.PtrToStringUTF8(n) : null;
        var text = cuGetErrorString(result, out var t) == Success ? Marshal.PtrToStringUTF8(t) : null;
        return $"{name ?? "CUDA_ERROR"}: {text ?? "unknown error"}";
    }
}
