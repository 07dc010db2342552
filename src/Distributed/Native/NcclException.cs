namespace MultiMix.Distributed.Native;

/// <summary>A failed NCCL call: the call as written, the <c>ncclResult_t</c> and NCCL's text for it.</summary>
public sealed class NcclException : Exception
{
    public NcclException(string call, int result, string error)
        : base($"{call} failed: {error} ({result})")
    {
        Call = call;
        Result = result;
    }

    public NcclException(string message)
        : base(message)
    {
        Call = "";
    }

    public NcclException(string message, Exception innerException)
        : base(message, innerException)
    {
        Call = "";
    }

    public NcclException()
        : this("NCCL call failed")
    {
    }

    public string Call { get; }

    public int Result { get; }
}
