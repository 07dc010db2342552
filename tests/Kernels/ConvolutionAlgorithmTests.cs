using System.Runtime.InteropServices;
using MultiMix.Kernels.Native;
using MultiMix.Kernels.Runtime;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>How a cuDNN convolution algorithm is chosen from the search's results, and the result struct's layout (no GPU needed).</summary>
public sealed class ConvolutionAlgorithmTests
{
    private static CudnnAlgoPerf Perf(int algo, float ms, long memory, bool deterministic = true, int status = Cudnn.Success) =>
        new() { Algo = algo, Status = status, Time = ms, Memory = (nuint)memory, Determinism = deterministic ? Cudnn.Deterministic : 0 };

    /// <summary>cudnnConvolutionFwdAlgoPerf_t: int algo, int status, float time, size_t memory, int determinism, int mathType, int reserved[3].</summary>
    [Fact]
    public void The_perf_struct_has_the_header_layout()
    {
        Assert.Equal(48, Marshal.SizeOf<CudnnAlgoPerf>());
        Assert.Equal(8, (int)Marshal.OffsetOf<CudnnAlgoPerf>(nameof(CudnnAlgoPerf.Time)));
        Assert.Equal(16, (int)Marshal.OffsetOf<CudnnAlgoPerf>(nameof(CudnnAlgoPerf.Memory)));
        Assert.Equal(24, (int)Marshal.OffsetOf<CudnnAlgoPerf>(nameof(CudnnAlgoPerf.Determinism)));
        Assert.Equal(28, (int)Marshal.OffsetOf<CudnnAlgoPerf>(nameof(CudnnAlgoPerf.MathType)));
    }

    [Fact]
    public void The_fastest_deterministic_algorithm_within_the_cap_wins()
    {
        const long Cap = 1000;
        CudnnAlgoPerf[] timed =
        [
            Perf(7, 0.5f, 5000),                       // fastest but over the cap
            Perf(6, 0.6f, 10, status: 3),              // failed
            Perf(5, 0.7f, 100, deterministic: false),  // not deterministic
            Perf(1, 0.9f, 800),
            Perf(0, 1.5f, 0),
        ];
        Assert.Equal(new ConvolutionAlgorithm(1, 800, 0.9f, true), ConvolutionAlgorithms.Choose(timed, Cap));
    }

    [Fact]
    public void Without_a_deterministic_one_the_fastest_within_the_cap_wins_and_with_none_it_says_so()
    {
        CudnnAlgoPerf[] timed = [Perf(7, 0.5f, 5000), Perf(5, 0.7f, 100, deterministic: false), Perf(4, 0.8f, 0, deterministic: false)];
        Assert.Equal(5, ConvolutionAlgorithms.Choose(timed, 1000).Algo);
        var error = Assert.Throws<CudaException>(() => ConvolutionAlgorithms.Choose([Perf(7, 0.5f, 5000 << 20)], 256L << 20));
        Assert.Contains("256 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_search_gets_the_largest_workspace_a_working_candidate_needs_up_to_the_cap()
    {
        CudnnAlgoPerf[] candidates = [Perf(0, 0, 0), Perf(1, 0, 4096), Perf(2, 0, 1L << 40), Perf(3, 0, 1L << 20, status: 9)];
        Assert.Equal(4096, ConvolutionAlgorithms.SearchWorkspace(candidates, ConvolutionAlgorithms.WorkspaceCapBytes));
        Assert.Equal(0, ConvolutionAlgorithms.SearchWorkspace(candidates, 100));
    }
}
