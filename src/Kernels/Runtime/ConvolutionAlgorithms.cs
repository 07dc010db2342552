using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Runtime;

/// <summary>One cuDNN convolution algorithm chosen for a shape and direction: its cudnn*Algo_t value, workspace and measured time.</summary>
internal readonly record struct ConvolutionAlgorithm(int Algo, long WorkspaceBytes, float Milliseconds, bool Deterministic);

/// <summary>
/// How the convolution algorithms are chosen: cuDNN's heuristics list the candidates with the workspace each needs;
/// the search (<c>cudnnFind*Ex</c>) then times those that fit under <see cref="WorkspaceCapBytes"/> on the real
/// buffers, once per shape and direction. Of the timed ones, the fastest deterministic algorithm wins (so a run
/// repeats bit for bit), else the fastest.
/// </summary>
internal static class ConvolutionAlgorithms
{
    /// <summary>The most workspace any algorithm may use: 256 MiB.</summary>
    public const long WorkspaceCapBytes = 256L << 20;

    /// <summary>The workspace to time the candidates with: the largest any heuristic candidate needs, at most the cap.</summary>
    public static long SearchWorkspace(ReadOnlySpan<CudnnAlgoPerf> candidates, long capBytes)
    {
        long largest = 0;
        foreach (var c in candidates)
        {
            if (c.Status == Cudnn.Success && (long)c.Memory <= capBytes) largest = Math.Max(largest, (long)c.Memory);
        }
        return largest;
    }

    /// <summary>The choice among timed results (fastest first, as cuDNN returns them); throws when none ran within the cap.</summary>
    public static ConvolutionAlgorithm Choose(ReadOnlySpan<CudnnAlgoPerf> timed, long capBytes)
    {
        CudnnAlgoPerf? fastest = null;
        foreach (var t in timed)
        {
            if (t.Status != Cudnn.Success || (long)t.Memory > capBytes) continue;
            if (t.Determinism == Cudnn.Deterministic) return From(t);
            fastest ??= t;
        }
        return fastest is { } f ? From(f) : throw new CudaException($"cuDNN offers no algorithm for this convolution within a {capBytes >> 20} MiB workspace");
    }

    private static ConvolutionAlgorithm From(CudnnAlgoPerf p) => new(p.Algo, (long)p.Memory, p.Time, p.Determinism == Cudnn.Deterministic);
}
