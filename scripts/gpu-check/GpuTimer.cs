using MultiMix.Kernels.Native;

using MultiMix.Kernels.Runtime;

namespace MultiMix.GpuCheck;

/// <summary>Times work on the context's stream with a pair of CUDA events.</summary>
internal sealed class GpuTimer : IDisposable
{
    private readonly CudaContext _context;
    private readonly nint _start;
    private readonly nint _end;

    public GpuTimer(CudaContext context)
    {
        _context = context;
        CudaDriver.Check(CudaDriver.cuEventCreate(out _start, CudaDriver.EventDefault));
        CudaDriver.Check(CudaDriver.cuEventCreate(out _end, CudaDriver.EventDefault));
    }

    /// <summary>Milliseconds per repetition of <paramref name="work"/>, after one warm-up run.</summary>
    public float Measure(Action work, int repetitions)
    {
        work();
        CudaDriver.Check(CudaDriver.cuEventRecord(_start, _context.Stream));
        for (var i = 0; i < repetitions; i++) work();
        CudaDriver.Check(CudaDriver.cuEventRecord(_end, _context.Stream));
        CudaDriver.Check(CudaDriver.cuEventSynchronize(_end));
        CudaDriver.Check(CudaDriver.EventElapsedTime(out var ms, _start, _end));
        return ms / repetitions;
    }

    public void Dispose()
    {
        CudaDriver.cuEventDestroy_v2(_start);
        CudaDriver.cuEventDestroy_v2(_end);
    }
}
