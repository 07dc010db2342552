using System.Globalization;

namespace MultiMix.Kernels.Backend;

/// <summary>A device as the command line names it: <c>cpu</c>, <c>cuda</c> (GPU 0) or <c>cuda:N</c> (GPU N).</summary>
public readonly record struct DeviceName(int? CudaOrdinal)
{
    public static DeviceName Cpu => default;

    public bool IsCuda => CudaOrdinal.HasValue;

    public override string ToString() => CudaOrdinal is { } n ? $"cuda:{n}" : "cpu";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is accepted.</summary>
    public static bool TryParse(string text, out DeviceName name, out string error)
    {
        name = Cpu;
        error = "";
        var value = text.Trim().ToLowerInvariant();
        if (value == "cpu") return true;
        if (value == "cuda")
        {
            name = new DeviceName(0);
            return true;
        }
        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value["cuda:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
        {
            name = new DeviceName(ordinal);
            return true;
        }
        error = $"must be cpu, cuda or cuda:N, got '{text}'";
        return false;
    }
}
