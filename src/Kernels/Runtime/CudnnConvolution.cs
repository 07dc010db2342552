using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Runtime;

/// <summary>
/// One convolution shape on cuDNN: descriptors for x, w, y and the bias, and for each direction the algorithm
/// <see cref="ConvolutionAlgorithms"/> chooses at its first call (timed on that call's buffers, which it overwrites
/// anyway), kept for the shape's lifetime. FP32 math without tensor cores unless TF32 is allowed. The forward adds no
/// bias (the channel-bias kernel does).
/// </summary>
internal sealed unsafe class CudnnConvolution : IDisposable
{
    private const int Requested = 16;

    private readonly CudnnHandle _cudnn;
    private readonly nint _x;
    private readonly nint _y;
    private readonly nint _bias;
    private readonly nint _w;
    private readonly nint _conv;
    private ConvolutionAlgorithm? _forward;
    private ConvolutionAlgorithm? _backwardData;
    private ConvolutionAlgorithm? _backwardFilter;

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
    }

    public ConvGeometry Geometry { get; }

    /// <summary>The algorithms chosen so far (forward, backward data, backward filter); null for a direction not yet run.</summary>
    public (ConvolutionAlgorithm? Forward, ConvolutionAlgorithm? BackwardData, ConvolutionAlgorithm? BackwardFilter) Algorithms => (_forward, _backwardData, _backwardFilter);

    public void Forward(DevicePtr x, DevicePtr w, DevicePtr y)
    {
        var h = _cudnn.Handle;
        var algorithm = _forward ??= Find(
            (requested, perf) =>
            {
                Cudnn.Check(Cudnn.cudnnGetConvolutionForwardAlgorithm_v7(h, _x, _w, _conv, _y, requested, out var n, (CudnnAlgoPerf*)perf));
                return n;
            },
            (requested, perf, workspace, bytes) =>
            {
                Cudnn.Check(Cudnn.cudnnFindConvolutionForwardAlgorithmEx(h, _x, x.Address, _w, w.Address, _conv, _y, y.Address, requested, out var n, (CudnnAlgoPerf*)perf, workspace, bytes));
                return n;
            });
        float alpha = 1, beta = 0;
        var workspace = _cudnn.Workspace(algorithm.WorkspaceBytes);
        Cudnn.Check(Cudnn.cudnnConvolutionForward(h, &alpha, _x, x.Address, _w, w.Address, _conv, algorithm.Algo, workspace.Address, (nuint)algorithm.WorkspaceBytes, &beta, _y, y.Address));
    }

    public void BackwardData(DevicePtr dy, DevicePtr w, DevicePtr dx)
    {
        var h = _cudnn.Handle;
        var algorithm = _backwardData ??= Find(
            (requested, perf) =>
            {
                Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7(h, _w, _y, _conv, _x, requested, out var n, (CudnnAlgoPerf*)perf));
                return n;
            },
            (requested, perf, workspace, bytes) =>
            {
                Cudnn.Check(Cudnn.cudnnFindConvolutionBackwardDataAlgorithmEx(h, _w, w.Address, _y, dy.Address, _conv, _x, dx.Address, requested, out var n, (CudnnAlgoPerf*)perf, workspace, bytes));
                return n;
            });
        float alpha = 1, beta = 0;
        var workspace = _cudnn.Workspace(algorithm.WorkspaceBytes);
        Cudnn.Check(Cudnn.cudnnConvolutionBackwardData(h, &alpha, _w, w.Address, _y, dy.Address, _conv, algorithm.Algo, workspace.Address, (nuint)algorithm.WorkspaceBytes, &beta, _x, dx.Address));
    }

    /// <summary>dw (and dbias when given), summed over the batch; overwritten.</summary>
    public void BackwardWeight(DevicePtr dy, DevicePtr x, DevicePtr dw, DevicePtr dbias)
    {
        var h = _cudnn.Handle;
        var algorithm = _backwardFilter ??= Find(
            (requested, perf) =>
            {
                Cudnn.Check(Cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, _x, _y, _conv, _w, requested, out var n, (CudnnAlgoPerf*)perf));
                return n;
            },
            (requested, perf, workspace, bytes) =>
            {
                Cudnn.Check(Cudnn.cudnnFindConvolutionBackwardFilterAlgorithmEx(h, _x, x.Address, _y, dy.Address, _conv, _w, dw.Address, requested, out var n, (CudnnAlgoPerf*)perf, workspace, bytes));
                return n;
            });
        float alpha = 1, beta = 0;
        var workspace = _cudnn.Workspace(algorithm.WorkspaceBytes);
        Cudnn.Check(Cudnn.cudnnConvolutionBackwardFilter(h, &alpha, _x, x.Address, _y, dy.Address, _conv, algorithm.Algo, workspace.Address, (nuint)algorithm.WorkspaceBytes, &beta, _w, dw.Address));
        if (!dbias.IsNull) Cudnn.Check(Cudnn.cudnnConvolutionBackwardBias(h, &alpha, _y, dy.Address, &beta, _bias, dbias.Address));
    }

    /// <summary>Heuristic candidates (with their workspace needs), then the timed search within the cap.</summary>
    private ConvolutionAlgorithm Find(Func<int, nint, int> heuristics, Func<int, nint, ulong, nuint, int> search)
    {
        var perf = stackalloc CudnnAlgoPerf[Requested];
        var candidates = heuristics(Requested, (nint)perf);
        var bytes = ConvolutionAlgorithms.SearchWorkspace(new ReadOnlySpan<CudnnAlgoPerf>(perf, candidates), ConvolutionAlgorithms.WorkspaceCapBytes);
        var workspace = _cudnn.Workspace(bytes);
        var timed = search(Requested, (nint)perf, workspace.Address, (nuint)bytes);
        return ConvolutionAlgorithms.Choose(new ReadOnlySpan<CudnnAlgoPerf>(perf, timed), bytes);
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
