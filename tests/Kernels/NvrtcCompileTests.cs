using MultiMix.Kernels.Compilation;
using Xunit;
using Xunit.Abstractions;

namespace MultiMix.Tests.Kernels;

/// <summary>
/// Every embedded kernel source compiles with NVRTC through the C# binding and pipeline. CI has Debian's NVRTC
/// 11.8, which targets up to compute_90; the GPU machine's CUDA 13 is checked by scripts/gpu-check.sh.
/// </summary>
public sealed class NvrtcCompileTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, int> SourcesAndArchitectures()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var source in KernelSources.Files)
        {
            foreach (var (major, minor) in new[] { (7, 0), (8, 0), (9, 0) })
            {
                data.Add(source.Name, major, minor);
            }
        }
        return data;
    }

    [NvrtcTheory]
    [MemberData(nameof(SourcesAndArchitectures))]
    public void Every_kernel_source_compiles_to_ptx_defining_its_entry_points(string name, int major, int minor)
    {
        var source = KernelSources.Files.Single(s => s.Name == name);
        var ptx = NvrtcCompiler.CompileToPtx(source, KernelSources.Headers, NvrtcCompiler.OptionsFor(major, minor));
        Assert.Contains($".target sm_{major}{minor}", ptx, StringComparison.Ordinal);
        Assert.NotEmpty(source.EntryPoints);
        foreach (var entry in source.EntryPoints)
        {
            Assert.Contains($".entry {entry}(", ptx, StringComparison.Ordinal);
        }
        output.WriteLine($"{name} for compute_{major}{minor}: {ptx.Length} characters of PTX, kernels {string.Join(", ", source.EntryPoints)}");
    }

    [NvrtcFact]
    public void A_compile_error_throws_with_the_nvrtc_log()
    {
        var broken = new KernelSource("broken.cu", "extern \"C\" __global__ void broken(float* x) { x[0] = undefined_name; }");
        var error = Assert.Throws<KernelCompilationException>(() => NvrtcCompiler.CompileToPtx(broken, [], NvrtcCompiler.OptionsFor(7, 0)));
        Assert.Contains("undefined_name", error.Log, StringComparison.Ordinal);
        Assert.Equal("broken.cu", error.Source);
    }

    [NvrtcFact]
    public void The_ptx_cache_compiles_once_and_then_reads_the_stored_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"multimix-ptx-{Guid.NewGuid():N}");
        try
        {
            var compiler = new KernelCompiler(new PtxCache(folder));
            var first = compiler.CompileAll(7, 0);
            var files = Directory.GetFiles(folder, "*.ptx");
            Assert.Equal(KernelSources.Files.Count, files.Length);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
            var stamps = files.ToDictionary(f => f, File.GetLastWriteTimeUtc);
            var second = compiler.CompileAll(7, 0);
            Assert.Equal(first.Select(f => f.Ptx), second.Select(f => f.Ptx));
            Assert.All(files, f => Assert.Equal(stamps[f], File.GetLastWriteTimeUtc(f)));
            Assert.Equal(KernelSources.Files.Count * 2, Directory.GetFiles(folder, "*.ptx").Length + compiler.CompileAll(8, 0).Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_kernel_family_is_embedded_with_its_header()
    {
        Assert.Contains(KernelSources.Headers, h => h.Name == "common.cuh");
        var names = KernelSources.Files.Select(f => f.Name).ToList();
        foreach (var family in new[] { "elementwise.cu", "copy.cu", "reduce.cu", "softmax.cu", "cross_entropy.cu", "dice.cu", "bernoulli_kl.cu", "instance_norm.cu", "dropout.cu", "pool.cu", "resize.cu", "adam.cu" })
        {
            Assert.Contains(family, names);
        }
    }
}
