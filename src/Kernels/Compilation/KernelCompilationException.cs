namespace MultiMix.Kernels.Compilation;

/// <summary>NVRTC rejected a kernel source; the message carries NVRTC's log.</summary>
public sealed class KernelCompilationException : Exception
{
    public KernelCompilationException(string source, string log)
        : base($"NVRTC failed to compile {source}:{Environment.NewLine}{log}")
    {
        Source = source;
        Log = log;
    }

    public KernelCompilationException(string message)
        : base(message)
    {
        Source = "";
        Log = message;
    }

    public KernelCompilationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = "";
        Log = message;
    }

    public KernelCompilationException()
        : this("NVRTC compilation failed")
    {
    }

    /// <summary>The source file's name.</summary>
    public new string Source { get; }

    public string Log { get; }
}
