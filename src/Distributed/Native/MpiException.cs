namespace MultiMix.Distributed.Native;

/// <summary>A failed MPI call: the call as written, the library's error class and its text.</summary>
public sealed class MpiException : Exception
{
    public MpiException(string call, int errorClass, string error)
        : base($"{call} failed: {error} ({errorClass})")
    {
        Call = call;
        ErrorClass = errorClass;
    }

    public MpiException(string message)
        : base(message)
    {
        Call = "";
    }

    public MpiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Call = "";
    }

    public MpiException()
        : this("MPI call failed")
    {
    }

    public string Call { get; }

    public int ErrorClass { get; }
}
