using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MultiMix.Kernels.Native;

/// <summary>
/// <c>cudnnConvolutionFwdAlgoPerf_t</c> (and the BwdData/BwdFilter forms, laid out the same) of cuDNN 9's
/// cudnn_cnn.h: algo, status, time (ms), memory (bytes), determinism, mathType, reserved[3] — 48 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CudnnAlgoPerf
{
    public int Algo;
    public int Status;
    public float Time;
    public nuint Memory;
    public int Determinism;
    public int MathType;
    public int Reserved0;
    public int Reserved1;
    public int Reserved2;
}

/// <summary>
/// cuDNN 9 (libcudnn.so.9), the legacy descriptor API. Signatures and constants from cuDNN 9's cudnn_graph.h
/// (status, data types, formats, math types), cudnn_ops.h (tensor/filter descriptors, batch normalization) and
/// cudnn_cnn.h (convolution, including <c>cudnnFindConvolution*AlgorithmEx(handle, …descriptor, const void*
/// data… , const int requestedAlgoCount, int* returnedAlgoCount, cudnn*AlgoPerf_t* perfResults, void* workSpace,
/// size_t workSpaceSizeInBytes)</c>): calls return <c>cudnnStatus_t</c> (0 = CUDNN_STATUS_SUCCESS);
/// CUDNN_DATA_FLOAT = 0; CUDNN_TENSOR_NCHW = 0; CUDNN_CROSS_CORRELATION = 1; cudnnMathType_t DEFAULT = 0,
/// FMA = 3 (no tensor cores, so no TF32); CUDNN_BATCHNORM_SPATIAL = 1; CUDNN_DETERMINISTIC = 1.
/// </summary>
internal static unsafe partial class Cudnn
{
    public const int Success = 0;
    public const int DataFloat = 0;
    public const int TensorNchw = 0;
    public const int CrossCorrelation = 1;
    public const int DefaultMath = 0;
    public const int FmaMath = 3;
    public const int BatchNormSpatial = 1;
    public const int Deterministic = 1;

    static Cudnn() => NativeLibraries.Register();

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnCreate(out nint handle);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnDestroy(nint handle);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnSetStream(nint handle, nint stream);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial nint cudnnGetErrorString(int status);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial nuint cudnnGetVersion();

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnCreateTensorDescriptor(out nint descriptor);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnSetTensor4dDescriptor(nint descriptor, int format, int dataType, int n, int c, int h, int w);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnDestroyTensorDescriptor(nint descriptor);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnCreateFilterDescriptor(out nint descriptor);

    /// <summary>Note the order: data type before format (unlike the tensor form).</summary>
    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnSetFilter4dDescriptor(nint descriptor, int dataType, int format, int k, int c, int h, int w);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnDestroyFilterDescriptor(nint descriptor);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnCreateConvolutionDescriptor(out nint descriptor);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnSetConvolution2dDescriptor(nint descriptor, int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int mode, int computeType);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnSetConvolutionMathType(nint descriptor, int mathType);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnDestroyConvolutionDescriptor(nint descriptor);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnGetConvolutionForwardAlgorithm_v7(nint handle, nint xDesc, nint wDesc, nint convDesc, nint yDesc, int requested, out int returned, CudnnAlgoPerf* results);

    /// <summary>Times the algorithms on the given buffers (y is overwritten) with the caller's workspace; results fastest first.</summary>
    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnFindConvolutionForwardAlgorithmEx(nint handle, nint xDesc, ulong x, nint wDesc, ulong w, nint convDesc, nint yDesc, ulong y, int requested, out int returned, CudnnAlgoPerf* results, ulong workspace, nuint workspaceBytes);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnGetConvolutionBackwardDataAlgorithm_v7(nint handle, nint wDesc, nint dyDesc, nint convDesc, nint dxDesc, int requested, out int returned, CudnnAlgoPerf* results);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnFindConvolutionBackwardDataAlgorithmEx(nint handle, nint wDesc, ulong w, nint dyDesc, ulong dy, nint convDesc, nint dxDesc, ulong dx, int requested, out int returned, CudnnAlgoPerf* results, ulong workspace, nuint workspaceBytes);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnGetConvolutionBackwardFilterAlgorithm_v7(nint handle, nint xDesc, nint dyDesc, nint convDesc, nint dwDesc, int requested, out int returned, CudnnAlgoPerf* results);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnFindConvolutionBackwardFilterAlgorithmEx(nint handle, nint xDesc, ulong x, nint dyDesc, ulong dy, nint convDesc, nint dwDesc, ulong dw, int requested, out int returned, CudnnAlgoPerf* results, ulong workspace, nuint workspaceBytes);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnGetConvolutionForwardWorkspaceSize(nint handle, nint xDesc, nint wDesc, nint convDesc, nint yDesc, int algo, out nuint bytes);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnGetConvolutionBackwardDataWorkspaceSize(nint handle, nint wDesc, nint dyDesc, nint convDesc, nint dxDesc, int algo, out nuint bytes);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnGetConvolutionBackwardFilterWorkspaceSize(nint handle, nint xDesc, nint dyDesc, nint convDesc, nint dwDesc, int algo, out nuint bytes);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnConvolutionForward(nint handle, float* alpha, nint xDesc, ulong x, nint wDesc, ulong w, nint convDesc, int algo, ulong workspace, nuint workspaceBytes, float* beta, nint yDesc, ulong y);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnConvolutionBackwardData(nint handle, float* alpha, nint wDesc, ulong w, nint dyDesc, ulong dy, nint convDesc, int algo, ulong workspace, nuint workspaceBytes, float* beta, nint dxDesc, ulong dx);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnConvolutionBackwardFilter(nint handle, float* alpha, nint xDesc, ulong x, nint dyDesc, ulong dy, nint convDesc, int algo, ulong workspace, nuint workspaceBytes, float* beta, nint dwDesc, ulong dw);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnConvolutionBackwardBias(nint handle, float* alpha, nint dyDesc, ulong dy, float* beta, nint dbDesc, ulong db);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnBatchNormalizationForwardTraining(nint handle, int mode, float* alpha, float* beta, nint xDesc, ulong x, nint yDesc, ulong y, nint scaleBiasMeanVarDesc, ulong scale, ulong bias, double exponentialAverageFactor, ulong runningMean, ulong runningVariance, double epsilon, ulong saveMean, ulong saveInvVariance);

    [LibraryImport(NativeLibraries.Cudnn)]
    public static partial int cudnnBatchNormalizationBackward(nint handle, int mode, float* alphaData, float* betaData, float* alphaParam, float* betaParam, nint xDesc, ulong x, nint dyDesc, ulong dy, nint dxDesc, ulong dx, nint scaleBiasDesc, ulong scale, ulong dScale, ulong dBias, double epsilon, ulong savedMean, ulong savedInvVariance);

    public static void Check(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != Success) throw new CudaException(call, result, Marshal.PtrToStringUTF8(cudnnGetErrorString(result)) ?? "unknown cuDNN error");
    }
}
