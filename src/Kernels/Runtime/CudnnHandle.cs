using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Runtime;

/// <summary>A cuDNN handle bound to the context's stream, with a workspace that grows to the largest request.</summary>
internal sealed class CudnnHandle : IDisposable
{
    private readonly CudaContext _context;
    private DeviceBuffer? _workspace;

    public CudnnHandle(CudaContext context)
    {
        NativeLibraries.Require(CudaLibrary.Cudnn);
        _context = context;
        Cudnn.Check(Cudnn.cudnnCreate(out var handle));
        Handle = handle;
        Cudnn.Check(Cudnn.cudnnSetStream(Handle, context.Stream));
    }

    public nint Handle { get; }

    /// <summary>cuDNN's version as major·10000 + minor·100 + patch (cuDNN 9's encoding).</summary>
    public static long Version()
    {
        NativeLibraries.Require(CudaLibrary.Cudnn);
        return (long)Cudnn.cudnnGetVersion();
    }

    public DevicePtr Workspace(long bytes)
    {
        if (bytes == 0) return DevicePtr.Null;
        if (_workspace is null || _workspace.Length * sizeof(float) < bytes)
        {
            _context.Synchronize(); // work queued on the old workspace must finish before it is freed
            _workspace?.Dispose();
            _workspace = new DeviceBuffer(_context, (bytes + 3) / 4);
        }
        return _workspace.Pointer;
    }

    public void Dispose()
    {
        _workspace?.Dispose();
        Cudnn.cudnnDestroy(Handle);
    }
}
