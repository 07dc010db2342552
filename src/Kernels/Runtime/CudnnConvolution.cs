using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Runtime;

/// <summary>
/// One convolution shape on cuDNN: descriptors for x, w, y and the bias, the algorithms chosen once by cuDNN's
/// heuristics (deterministic ones preferred, so repeated runs agree bit for bit), and a shared workspace.
/// FP32 math without tensor cores unless TF32 is allowed. The forward adds no bias (the channel-bias kernel does).
/// </summary>
public sealed unsafe class CudnnConvolution : IDisposable
{
    private readonly CudnnHandle _cudnn;
    private readonly nint _x;
    private readonly nint _y;
    private readonly nint _bias;
    private readonly nint _w;
    private readonly nint _conv;
    private readonly int _forwardAlgo;
    private readonly int _backwardDataAlgo;
    private readonly int _backwardFilterAlgo;

    public CudnnConvolution(CudnnHandle cudnn, ConvGeometry g, bool allowTf32 = false)
    {
        _cudnn = cudnn;
        Geometry = g;
        Cudnn.Check(Cudnn.cudnnCreateTensorDescriptor(out _x));
        Cudnn.Check(Cudnn.cudnnSetTensor4dDescriptor(_x, Cudnn.TensorNchw, Cudnn.DataFloat, g.Batch, g.InChannels, g.Height, g.Width));
        Cudnn.Check(Cudnn.cudnnCreateTensorDescriptor(out _y));
        Cudnn.Check(Cudnn.cudnnSetTensor4dDescriptor(_y, Cudnn.TensorNchw, Cudnn.DataFloat, g.Batch, g.OutChannels, g.Height, g.Width));
        Cudnn.Check(Cudnn.cudnnCreateTensorDescriptor(out _bias));
        Cudnn.Check(Cudnn.cudnnSetTensor4dDescriptor(_bias, Cudnn.TensorNchw, Cudnn.DataFloat, 1, g.OutChannels, 1, 1));
        Cudnn.Check(Cudnn.cudnnCreateFilterDescriptor(out _w));
        Cudnn.Check(Cudnn.cudnnSetFilter4dDescriptor(_w, Cudnn.DataFloat, Cudnn.TensorNchw, g.OutChannels, g.InChannels, g.Kernel, g.Kernel));
        Cudnn.Check(Cudnn.cudnnCreateConvolutionDescriptor(out _conv));
        Cudnn.Check(Cudnn.cudnnSetConvolution2dDescriptor(_conv, g.Padding, g.Padding, 1, 1, 1, 1, Cudnn.CrossCorrelation, Cudnn.DataFloat));
        Cudnn.Check(Cudnn.cudnnSetConvolutionMathType(_conv, allowTf32 ? Cudnn.DefaultMath : Cudnn.FmaMath));

        const int Requested = 16;
        var perf = stackalloc CudnnAlgoPerf[Requested];
        var h = cudnn.Handle;
        Cudnn.Check(Cudnn.cudnnGetConvolutionForwardAlgorithm_v7(h, _x, _w, _conv, _y, Requested, out var count, perf));
        _forwardAlgo = Choose(perf, count);
        Cudnn.Check(Cudnn.cudnnGetConvolutionForwardWorkspaceSize(h, _x, _w, _conv, _y, _forwardAlgo, out var forwardBytes));
        Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(h, _w, _y, _conv, _x, Requested, out count, perf));
        _backwardDataAlgo = Choose(perf, count);
        Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardDataWorkspaceSize(h, _w, _y, _conv, _x, _backwardDataAlgo, out var dataBytes));
        Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, _x, _y, _conv, _w, Requested, out count, perf));
        _backwardFilterAlgo = Choose(perf, count);
        Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(h, _x, _y, _conv, _w, _backwardFilterAlgo, out var filterBytes));
        WorkspaceBytes = (long)Math.Max(forwardBytes, Math.Max(dataBytes, filterBytes));
    }

    public ConvGeometry Geometry { get; }

    public long WorkspaceBytes { get; }

    /// <summary>The algorithms in use (forward, backward data, backward filter), as cudnn*Algo_t values.</summary>
    public (int Forward, int BackwardData, int BackwardFilter) Algorithms => (_forwardAlgo, _backwardDataAlgo, _backwardFilterAlgo);

    /// <summary>
    /// Benchmarks the algorithms on the GPU (cudnnFind*) and reports the fastest of each, for tuning; the
    /// heuristic choice stays in use.
    /// </summary>
    public (float Forward, float BackwardData, float BackwardFilter) FastestTimes()
    {
        const int Requested = 16;
        var perf = stackalloc CudnnAlgoPerf[Requested];
        var h = _cudnn.Handle;
        Cudnn.Check(Cudnn.cudnnFindConvolutionForwardAlgorithm(h, _x, _w, _conv, _y, Requested, out var count, perf));
        var forward = count > 0 ? perf[0].Time : float.NaN;
        Cudnn.Check(Cudnn.cudnnFindConvolutionBackwardDataAlgorithm(h, _w, _y, _conv, _x, Requested, out count, perf));
        var data = count > 0 ? perf[0].Time : float.NaN;
        Cudnn.Check(Cudnn.cudnnFindConvolutionBackwardFilterAlgorithm(h, _x, _y, _conv, _w, Requested, out count, perf));
        var filter = count > 0 ? perf[0].Time : float.NaN;
        return (forward, data, filter);
    }

    public void Forward(DevicePtr x, DevicePtr w, DevicePtr y)
    {
        float alpha = 1, beta = 0;
        var workspace = _cudnn.Workspace(WorkspaceBytes);
        Cudnn.Check(Cudnn.cudnnConvolutionForward(_cudnn.Handle, &alpha, _x, x.Address, _w, w.Address, _conv, _forwardAlgo, workspace.Address, (nuint)WorkspaceBytes, &beta, _y, y.Address));
    }

    public void BackwardData(DevicePtr dy, DevicePtr w, DevicePtr dx)
    {
        float alpha = 1, beta = 0;
        var workspace = _cudnn.Workspace(WorkspaceBytes);
        Cudnn.Check(Cudnn.cudnnConvolutionBackwardData(_cudnn.Handle, &alpha, _w, w.Address, _y, dy.Address, _conv, _backwardDataAlgo, workspace.Address, (nuint)WorkspaceBytes, &beta, _x, dx.Address));
    }

    /// <summary>dw (and dbias when given), summed over the batch; overwritten.</summary>
    public void BackwardWeight(DevicePtr dy, DevicePtr x, DevicePtr dw, DevicePtr dbias)
    {
        float alpha = 1, beta = 0;
        var workspace = _cudnn.Workspace(WorkspaceBytes);
        Cudnn.Check(Cudnn.cudnnConvolutionBackwardFilter(_cudnn.Handle, &alpha, _x, x.Address, _y, dy.Address, _conv, _backwardFilterAlgo, workspace.Address, (nuint)WorkspaceBytes, &beta, _w, dw.Address));
        if (!dbias.IsNull) Cudnn.Check(Cudnn.cudnnConvolutionBackwardBias(_cudnn.Handle, &alpha, _y, dy.Address, &beta, _bias, dbias.Address));
    }

    private static int Choose(CudnnAlgoPerf* perf, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (perf[i].Status == Cudnn.Success && perf[i].Determinism == Cudnn.Deterministic) return perf[i].Algo;
        }
        for (var i = 0; i < count; i++)
        {
            if (perf[i].Status == Cudnn.Success) return perf[i].Algo;
        }
        throw new CudaException("cuDNN offers no usable algorithm for this convolution");
    }

    public void Dispose()
    {
        Cudnn.cudnnDestroyConvolutionDescriptor(_conv);
        Cudnn.cudnnDestroyFilterDescriptor(_w);
        Cudnn.cudnnDestroyTensorDescriptor(_bias);
        Cudnn.cudnnDestroyTensorDescriptor(_y);
        Cudnn.cudnnDestroyTensorDescriptor(_x);
    }
}

/// <summary>A cuDNN handle bound to the context's stream, with a workspace that grows to the largest request.</summary>
public sealed class CudnnHandle : IDisposable
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
