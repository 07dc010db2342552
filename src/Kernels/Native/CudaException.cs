namespace MultiMix.Kernels.Native;

/// <summary>A failed call into an NVIDIA library: which call, the library's status code and its error string.</summary>
public sealed class CudaException : Exception
{
    public CudaException(string call, int status, string error)
        : base($"{call} failed: {error} ({status})")
    {
        Call = call;
        Status = status;
        Error = error;
    }

    public CudaException(string message)
        : base(message)
    {
        Call = "";
        Error = message;
    }

    public CudaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Call = "";
        Error = message;
    }

    public CudaException()
        : this("CUDA call failed")
    {
    }

    /// <summary>The call as written at the call site.</summary>
    public string Call { get; }

    public int Status { get; }

    public string Error { get; }
}
