using MultiMix.Kernels.Compilation;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>What the kernels are compiled to for a GPU, and how the cache keys the result (no GPU or NVRTC needed).</summary>
public sealed class CompileTargetTests
{
    /// <summary>
    /// nvrtcGetSupportedArchs of Debian's NVRTC 11.8, and a CUDA 13 list (CUDA 13 dropped everything before sm_75
    /// and added Blackwell's sm_100 to sm_121).
    /// </summary>
    private static readonly int[] s_nvrtc118 = [35, 37, 50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90];
    private static readonly int[] s_nvrtc130 = [75, 80, 86, 87, 89, 90, 100, 103, 110, 120, 121];

    [Theory]
    [InlineData(8, 0, 80)]
    [InlineData(8, 6, 86)]
    [InlineData(9, 0, 90)]
    public void A_gpu_nvrtc_lists_gets_machine_code_for_exactly_its_architecture(int major, int minor, int arch)
    {
        Assert.Equal(new CompileTarget(arch, KernelImageKind.Cubin), CompileTarget.For(major, minor, s_nvrtc118));
        Assert.Equal($"--gpu-architecture=sm_{arch}", CompileTarget.For(major, minor, s_nvrtc118).ArchitectureOption);
    }

    [Fact]
    public void A_gpu_newer_than_nvrtc_gets_ptx_for_the_newest_architecture_nvrtc_knows()
    {
        var target = CompileTarget.For(10, 0, s_nvrtc118);
        Assert.Equal(new CompileTarget(90, KernelImageKind.Ptx), target);
        Assert.Equal("--gpu-architecture=compute_90", target.ArchitectureOption);
        Assert.Equal(new CompileTarget(121, KernelImageKind.Ptx), CompileTarget.For(13, 0, s_nvrtc130));
    }

    [Fact]
    public void A_gpu_between_listed_architectures_gets_ptx_for_the_nearest_older_one()
    {
        Assert.Equal(new CompileTarget(87, KernelImageKind.Ptx), CompileTarget.For(8, 8, s_nvrtc118));
        Assert.Equal(new CompileTarget(90, KernelImageKind.Cubin), CompileTarget.For(9, 0, s_nvrtc130));
    }

    [Fact]
    public void A_gpu_older_than_every_listed_architecture_is_refused_naming_the_range()
    {
        var error = Assert.Throws<KernelCompilationException>(() => CompileTarget.For(7, 0, s_nvrtc130));
        Assert.Contains("7.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("sm_75", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_architectures_the_nvrtc_tests_compile_for_are_all_listed_by_that_nvrtc()
    {
        foreach (var supported in new[] { s_nvrtc118, s_nvrtc130 })
        {
            var tested = NvrtcArchitectures.ToTest(supported);
            Assert.All(tested, a => Assert.Contains(a, supported));
            Assert.Contains(supported.Max(), tested);
        }
        Assert.DoesNotContain(70, NvrtcArchitectures.ToTest(s_nvrtc130));
    }

    [Fact]
    public void The_cache_key_changes_with_the_architecture_the_image_kind_the_nvrtc_version_and_the_source()
    {
        var source = new KernelSource("k.cu", "extern \"C\" __global__ void k() {}");
        var header = new KernelSource("common.cuh", "#pragma once");
        string Key(CompileTarget t, (int, int) version, KernelSource s) => KernelCache.Key(s, [header], NvrtcCompiler.OptionsFor(t), t.Kind, version);
        var sm80 = new CompileTarget(80, KernelImageKind.Cubin);
        var reference = Key(sm80, (11, 8), source);
        Assert.Equal(reference, Key(sm80, (11, 8), source));
        Assert.NotEqual(reference, Key(sm80 with { Architecture = 86 }, (11, 8), source));
        Assert.NotEqual(reference, Key(sm80 with { Kind = KernelImageKind.Ptx }, (11, 8), source));
        Assert.NotEqual(reference, Key(sm80, (13, 0), source));
        Assert.NotEqual(reference, Key(sm80, (11, 8), source with { Text = source.Text + " " }));
        var cache = new KernelCache("/cache");
        Assert.EndsWith(".cubin", cache.PathFor("k.cu", reference, KernelImageKind.Cubin), StringComparison.Ordinal);
        Assert.EndsWith(".ptx", cache.PathFor("k.cu", reference, KernelImageKind.Ptx), StringComparison.Ordinal);
    }
}
