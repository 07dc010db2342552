namespace MultiMix.Kernels.Compilation;

/// <summary>NVRTC could not compile a kernel source (or the GPU is one it cannot compile for); the message carries NVRTC's result and log.</summary>
internal sealed class KernelCompilationException : Exception
{
    public KernelCompilationException(string source, string result, string log)
        : base($"NVRTC failed to compile {source}: {result}{Environment.NewLine}{log}")
    {
        Source = source;
        Result = result;
        Log = log;
    }

    public KernelCompilationException(string message)
        : base(message)
    {
        Source = "";
        Result = "";
        Log = message;
    }

    public KernelCompilationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = "";
        Result = "";
        Log = message;
    }

    public KernelCompilationException()
        : this("NVRTC compilation failed")
    {
    }

    /// <summary>The source file's name.</summary>
    public new string Source { get; }

    /// <summary>NVRTC's name for the failure, e.g. NVRTC_ERROR_COMPILATION or NVRTC_ERROR_BUILTIN_OPERATION_FAILURE.</summary>
    public string Result { get; }

    public string Log { get; }
}
