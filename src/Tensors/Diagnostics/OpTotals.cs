namespace MultiMix.Tensors.Diagnostics;

/// <summary>Calls, seconds, flops and compulsory bytes summed over the calls of one op family or one layer.</summary>
public sealed class OpTotals
{
    public long Calls { get; private set; }

    public double Seconds { get; private set; }

    public double Flops { get; private set; }

    public double Bytes { get; private set; }

    public void Add(double seconds, double flops, double bytes)
    {
        Calls++;
        Seconds += seconds;
        Flops += flops;
        Bytes += bytes;
    }
}
