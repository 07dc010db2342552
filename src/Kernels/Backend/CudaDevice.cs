using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;
using MultiMix.Kernels.Runtime;
using MultiMix.Tensors.Backend;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// A real GPU behind <see cref="ICudaDevice"/>: the driver context and its stream, the custom kernels compiled for
/// the GPU, cuBLAS, cuDNN with one set of descriptors and algorithms per convolution shape (a training step sees the
/// same few shapes every time), and pinned staging for copies to and from the host. The driver's current context is
/// per thread, so each call makes it current on the calling thread first; cuBLAS and cuDNN handles are not meant for
/// concurrent calls, so those take a lock.
/// </summary>
internal sealed unsafe class CudaDevice : ICudaDevice, IKernelLauncher
{
    [ThreadStatic]
    private static nint s_currentContext;

    private readonly CudaContext _context;
    private readonly KernelModules _modules;
    private readonly CublasGemm _cublas;
    private readonly CudnnHandle _cudnn;
    private readonly HostStaging _staging;
    private readonly Dictionary<ConvGeometry, CudnnConvolution> _convolutions = [];
    private readonly Lock _libraries = new();
    private bool _tf32;

    private CudaDevice(CudaContext context, KernelModules modules, CublasGemm cublas, CudnnHandle cudnn)
    {
        _context = context;
        _modules = modules;
        _cublas = cublas;
        _cudnn = cudnn;
        _staging = new HostStaging(new CudaStagingStream(context));
        s_currentContext = context.Handle;
    }

    /// <summary>Opens GPU <paramref name="ordinal"/> and compiles (or loads from the kernel cache) the custom kernels.</summary>
    public static CudaDevice Open(int ordinal)
    {
        var context = new CudaContext(ordinal);
        KernelModules? modules = null;
        CublasGemm? cublas = null;
        CudnnHandle? cudnn = null;
        try
        {
            modules = new KernelModules(context, new KernelCompiler(KernelCache.Default()));
            cublas = new CublasGemm(context);
            cudnn = new CudnnHandle(context);
            return new CudaDevice(context, modules, cublas, cudnn);
        }
        catch
        {
            cudnn?.Dispose();
            cublas?.Dispose();
            modules?.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>The GPU as the driver describes it.</summary>
    public GpuInfo Info => _context.Info;

    /// <summary>What the custom kernels were compiled to.</summary>
    public CompileTarget KernelTarget => _modules.Target;

    /// <summary>
    /// Whether cuBLAS and cuDNN may use TF32 tensor cores for FP32 (faster; products rounded to a 10-bit mantissa, so
    /// results differ from FP32 at the 1e-3 level). Off when opened, so the self-test checks FP32; a change takes
    /// effect for later calls (convolution shapes choose their algorithms again).
    /// </summary>
    public bool Tf32
    {
        get => _tf32;
        set
        {
            MakeCurrent();
            lock (_libraries)
            {
                _context.Synchronize();
                _cublas.AllowTf32(value);
                foreach (var convolution in _convolutions.Values) convolution.Dispose();
                _convolutions.Clear();
                _tf32 = value;
            }
        }
    }

    /// <summary>cuBLAS's version as major·10000 + minor·100 + patch.</summary>
    public int CublasVersion => _cublas.Version;

    /// <summary>Whether <paramref name="e"/> means the GPU stack cannot be used here (as opposed to a bug).</summary>
    public static bool IsSetupFailure(Exception e) =>
        e is CudaException or KernelCompilationException or DllNotFoundException or EntryPointNotFoundException;

    public string Name => _tf32 ? $"cuda:{_context.Info.Ordinal} (TF32)" : $"cuda:{_context.Info.Ordinal}";

    public nint Stream => _context.Stream;

    public IKernelLauncher Launcher => this;

    private void MakeCurrent()
    {
        if (s_currentContext == _context.Handle) return;
        _context.MakeCurrent();
        s_currentContext = _context.Handle;
    }

    public void Launch(in LaunchConfig config, ReadOnlySpan<ulong> args)
    {
        MakeCurrent();
        _modules.Launch(config, args);
    }

    public DevicePtr Allocate(long bytes)
    {
        MakeCurrent();
        CudaDriver.Check(CudaDriver.cuMemAlloc_v2(out var address, (nuint)bytes));
        return new DevicePtr(address);
    }

    public void Free(DevicePtr block, long bytes)
    {
        MakeCurrent();
        CudaDriver.Check(CudaDriver.cuMemFree_v2(block.Address));
    }

    /// <summary>Queued on the stream through pinned staging; returns once the source has been read, so the caller may reuse it.</summary>
    public void CopyToDevice(void* source, DevicePtr destination, long bytes)
    {
        MakeCurrent();
        _staging.Upload(source, destination, bytes);
    }

    /// <summary>Waits for the work queued before it (the stream runs in order), then copies through pinned staging.</summary>
    public void CopyToHost(DevicePtr source, void* destination, long bytes)
    {
        MakeCurrent();
        _staging.Download(source, destination, bytes);
    }

    public void Synchronize()
    {
        MakeCurrent();
        _context.Synchronize();
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DevicePtr a, DevicePtr b, float beta, DevicePtr c)
    {
        MakeCurrent();
        lock (_libraries) _cublas.Gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
    }

    public void ConvForward(ConvGeometry g, DevicePtr x, DevicePtr w, DevicePtr y)
    {
        MakeCurrent();
        lock (_libraries) Convolution(g).Forward(x, w, y);
    }

    public void ConvBackwardData(ConvGeometry g, DevicePtr dy, DevicePtr w, DevicePtr dx)
    {
        MakeCurrent();
        lock (_libraries) Convolution(g).BackwardData(dy, w, dx);
    }

    public void ConvBackwardWeight(ConvGeometry g, DevicePtr dy, DevicePtr x, DevicePtr dw, DevicePtr dbias)
    {
        MakeCurrent();
        lock (_libraries) Convolution(g).BackwardWeight(dy, x, dw, dbias);
    }

    private CudnnConvolution Convolution(ConvGeometry g)
    {
        if (!_convolutions.TryGetValue(g, out var convolution)) _convolutions[g] = convolution = new CudnnConvolution(_cudnn, g, _tf32);
        return convolution;
    }

    public void Dispose()
    {
        MakeCurrent();
        _context.Synchronize();
        foreach (var convolution in _convolutions.Values) convolution.Dispose();
        _convolutions.Clear();
        _staging.Dispose();
        _cudnn.Dispose();
        _cublas.Dispose();
        _modules.Dispose();
        _context.Dispose();
    }
}
