using System.Buffers.Binary;
using System.Text;
using MultiMix.Kernels.Compilation;
using Xunit;
using Xunit.Abstractions;

namespace MultiMix.Tests.Kernels;

/// <summary>
/// Every embedded kernel source compiles with NVRTC through the C# binding and pipeline, to machine code for the
/// architectures <see cref="NvrtcArchitectures.ToTest"/> picks from what this NVRTC lists (CI has Debian's NVRTC
/// 11.8; the GPU machine's CUDA 13 is checked by scripts/gpu-check.sh), and to PTX.
/// </summary>
public sealed class NvrtcCompileTests(ITestOutputHelper output)
{
    /// <summary>ELF e_machine of NVIDIA GPU code (EM_CUDA).</summary>
    private const ushort ElfMachineCuda = 190;

    public static TheoryData<string, int> SourcesAndArchitectures()
    {
        var data = new TheoryData<string, int>();
        if (!NvrtcFactAttribute.Available) return data;
        foreach (var source in KernelSources.Files)
        {
            foreach (var arch in NvrtcArchitectures.ToTest(NvrtcCompiler.SupportedArchitectures())) data.Add(source.Name, arch);
        }
        return data;
    }

    public static TheoryData<string> Sources() => [.. KernelSources.Files.Select(s => s.Name)];

    [NvrtcTheory]
    [MemberData(nameof(SourcesAndArchitectures))]
    public void Every_kernel_source_compiles_to_machine_code_for_the_exact_architecture(string name, int arch)
    {
        var source = KernelSources.Files.Single(s => s.Name == name);
        var target = new CompileTarget(arch, KernelImageKind.Cubin);
        var cubin = NvrtcCompiler.Compile(source, KernelSources.Headers, NvrtcCompiler.OptionsFor(target), KernelImageKind.Cubin);
        // An ELF64 little-endian image for EM_CUDA whose flags name the architecture (EF_CUDA_SM: the low byte).
        Assert.Equal("\u007fELF"u8.ToArray(), cubin[..4]);
        Assert.Equal(2, cubin[4]);
        Assert.Equal(1, cubin[5]);
        Assert.Equal(ElfMachineCuda, BinaryPrimitives.ReadUInt16LittleEndian(cubin.AsSpan(18)));
        Assert.Equal(arch, (int)(BinaryPrimitives.ReadUInt32LittleEndian(cubin.AsSpan(48)) & 0xFF));
        Assert.NotEmpty(source.EntryPoints);
        var text = Encoding.Latin1.GetString(cubin);
        foreach (var entry in source.EntryPoints) Assert.Contains($"\0{entry}\0", text, StringComparison.Ordinal);
        output.WriteLine($"{name} for sm_{arch}: {cubin.Length} bytes of machine code, kernels {string.Join(", ", source.EntryPoints)}");
    }

    /// <summary>
    /// Every source compiles to PTX with the production options, defining its entry points; and the kernels whose
    /// parity tests compare bit for bit (Compare.Exact) hold no fused multiply-add, since the CPU never fuses a
    /// multiply and an add (without --fmad=false NVRTC contracts <c>a + f·(b − a)</c> in resize_bilinear_forward).
    /// </summary>
    [NvrtcTheory]
    [MemberData(nameof(Sources))]
    public void Every_kernel_source_compiles_to_ptx_with_its_entry_points_and_no_fma_where_compared_bit_for_bit(string name)
    {
        var source = KernelSources.Files.Single(s => s.Name == name);
        var arch = NvrtcCompiler.SupportedArchitectures().Max();
        var ptx = Encoding.UTF8.GetString(NvrtcCompiler.Compile(source, KernelSources.Headers, NvrtcCompiler.OptionsFor(new CompileTarget(arch, KernelImageKind.Ptx)), KernelImageKind.Ptx));
        Assert.Contains($".target sm_{arch}", ptx, StringComparison.Ordinal);
        var entries = PtxEntries(ptx).ToDictionary(e => e.Entry, e => e.Body);
        Assert.Equal(source.EntryPoints.Order(), entries.Keys.Order());
        var fused = entries.Where(e => s_exactKernels.Contains(e.Key) && e.Value.Contains("fma.", StringComparison.Ordinal)).Select(e => e.Key).ToList();
        Assert.True(fused.Count == 0, $"fused multiply-adds in kernels compared bit for bit: {string.Join(", ", fused)}");
    }

    /// <summary>
    /// The entry points whose outputs the parity tests compare with Compare.Exact because they are made of IEEE
    /// operations only. (pseudo_label_ce_forward's mask is compared exactly too, but it is a threshold decision on
    /// expf, which NVIDIA's libdevice computes with explicit fused multiply-adds; its test keeps the confidences away
    /// from the threshold instead.)
    /// </summary>
    private static readonly HashSet<string> s_exactKernels =
    [
        "fill", "binary_forward", "add_channel_bias", "copy_blocks", "broadcast_axis", "max_rows", "max_columns", "max_backward",
        "max_pool2x2_forward", "max_pool2x2_backward", "resize_bilinear_forward", "dropout_forward",
    ];

    private static IEnumerable<(string Entry, string Body)> PtxEntries(string ptx)
    {
        var parts = ptx.Split(".entry ");
        foreach (var part in parts.Skip(1)) yield return (part[..part.IndexOf('(', StringComparison.Ordinal)], part);
    }

    [NvrtcFact]
    public void A_compile_error_throws_with_the_nvrtc_log()
    {
        var broken = new KernelSource("broken.cu", "extern \"C\" __global__ void broken(float* x) { x[0] = undefined_name; }");
        var target = new CompileTarget(NvrtcCompiler.SupportedArchitectures().Max(), KernelImageKind.Cubin);
        var error = Assert.Throws<KernelCompilationException>(() => NvrtcCompiler.Compile(broken, [], NvrtcCompiler.OptionsFor(target), target.Kind));
        Assert.Contains("undefined_name", error.Log, StringComparison.Ordinal);
        Assert.Equal("NVRTC_ERROR_COMPILATION", error.Result);
        Assert.Equal("broken.cu", error.Source);
    }

    /// <summary>Any failed compile carries NVRTC's result and log, not only a source error (here: an option it rejects).</summary>
    [NvrtcFact]
    public void A_rejected_option_throws_with_the_result_and_the_log()
    {
        var source = KernelSources.Files[0];
        var error = Assert.Throws<KernelCompilationException>(() => NvrtcCompiler.Compile(source, KernelSources.Headers, ["--gpu-architecture=sm_80", "--no-such-option"], KernelImageKind.Cubin));
        Assert.Equal("NVRTC_ERROR_INVALID_OPTION", error.Result);
        Assert.Contains("no-such-option", error.Message, StringComparison.Ordinal);
        output.WriteLine(error.Message);
    }

    [NvrtcFact]
    public void The_kernel_cache_compiles_once_per_target_and_then_reads_the_stored_files()
    {
        using var folder = new ScratchFolder("multimix-kernels-");
        var sources = KernelSources.Files.Where(s => s.Name is "copy.cu" or "adam.cu").ToList();
        var compiler = new KernelCompiler(new KernelCache(folder.Path), sources);
        var archs = NvrtcCompiler.SupportedArchitectures();
        var target = new CompileTarget(archs.Max(), KernelImageKind.Cubin);
        var first = compiler.CompileAll(target);
        var files = Directory.GetFiles(folder.Path, "*.cubin");
        Assert.Equal(sources.Count, files.Length);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        var stamps = files.ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var second = compiler.CompileAll(target);
        Assert.Equal(first.Select(f => f.Image), second.Select(f => f.Image));
        Assert.All(files, f => Assert.Equal(stamps[f], File.GetLastWriteTimeUtc(f)));
        // Another architecture, or PTX instead of machine code, is another set of files.
        compiler.CompileAll(target with { Kind = KernelImageKind.Ptx });
        Assert.Equal(sources.Count, Directory.GetFiles(folder.Path, "*.ptx").Length);
        compiler.CompileAll(new CompileTarget(archs.Min(), KernelImageKind.Cubin));
        Assert.Equal(sources.Count * 2, Directory.GetFiles(folder.Path, "*.cubin").Length);
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
