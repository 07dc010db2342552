using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;

using MultiMix.Kernels.Runtime;

namespace MultiMix.GpuCheck;

/// <summary>
/// Instance norm through cuDNN batch normalization: the N×C×H×W tensor viewed as 1×(N·C)×H×W makes spatial
/// batch norm's per-channel statistics exactly the per-plane statistics (biased variance), with unit scale and
/// zero shift. An alternative to the custom kernels; its backward needs x, where the backend contract's keeps y.
/// </summary>
internal sealed unsafe class CudnnInstanceNorm : IDisposable
{
    private readonly CudnnHandle _cudnn;
    private readonly nint _data;
    private readonly nint _perPlane;
    private readonly DeviceBuffer _ones;
    private readonly DeviceBuffer _zeros;
    private readonly DeviceBuffer _scaleGradient;
    private readonly DeviceBuffer _biasGradient;

    public CudnnInstanceNorm(CudaContext context, CudnnHandle cudnn, int planes, int height, int width, double eps)
    {
        _cudnn = cudnn;
        Eps = eps;
        Cudnn.Check(Cudnn.cudnnCreateTensorDescriptor(out _data));
        Cudnn.Check(Cudnn.cudnnSetTensor4dDescriptor(_data, Cudnn.TensorNchw, Cudnn.DataFloat, 1, planes, height, width));
        Cudnn.Check(Cudnn.cudnnCreateTensorDescriptor(out _perPlane));
        Cudnn.Check(Cudnn.cudnnSetTensor4dDescriptor(_perPlane, Cudnn.TensorNchw, Cudnn.DataFloat, 1, planes, 1, 1));
        _ones = new DeviceBuffer(context, planes);
        _ones.Fill(BitConverter.SingleToUInt32Bits(1f));
        _zeros = new DeviceBuffer(context, planes);
        _zeros.Fill(0);
        _scaleGradient = new DeviceBuffer(context, planes);
        _biasGradient = new DeviceBuffer(context, planes);
    }

    public double Eps { get; }

    /// <summary>y = (x − mean)·invStd per plane; writes mean and 1/σ per plane.</summary>
    public void Forward(DevicePtr x, DevicePtr y, DevicePtr mean, DevicePtr invStd)
    {
        float alpha = 1, beta = 0;
        Cudnn.Check(Cudnn.cudnnBatchNormalizationForwardTraining(_cudnn.Handle, Cudnn.BatchNormSpatial, &alpha, &beta, _data, x.Address, _data, y.Address,
            _perPlane, _ones.Pointer.Address, _zeros.Pointer.Address, 0, 0, 0, Eps, mean.Address, invStd.Address));
    }

    public void Backward(DevicePtr x, DevicePtr dy, DevicePtr dx, DevicePtr mean, DevicePtr invStd)
    {
        float one = 1, zero = 0;
        Cudnn.Check(Cudnn.cudnnBatchNormalizationBackward(_cudnn.Handle, Cudnn.BatchNormSpatial, &one, &zero, &one, &zero, _data, x.Address, _data, dy.Address, _data, dx.Address,
            _perPlane, _ones.Pointer.Address, _scaleGradient.Pointer.Address, _biasGradient.Pointer.Address, Eps, mean.Address, invStd.Address));
    }

    public void Dispose()
    {
        _biasGradient.Dispose();
        _scaleGradient.Dispose();
        _zeros.Dispose();
        _ones.Dispose();
        Cudnn.cudnnDestroyTensorDescriptor(_perPlane);
        Cudnn.cudnnDestroyTensorDescriptor(_data);
    }
}
