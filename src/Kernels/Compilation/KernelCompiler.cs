namespace MultiMix.Kernels.Compilation;

/// <summary>One source file compiled for one target, with the kernels it defines.</summary>
internal sealed record CompiledKernelFile(string Name, CompileTarget Target, byte[] Image, IReadOnlyList<string> EntryPoints);

/// <summary>Compiles kernel sources (by default every embedded one) for one GPU, through the kernel cache.</summary>
internal sealed class KernelCompiler(KernelCache cache, IReadOnlyList<KernelSource>? sources = null)
{
    public KernelCache Cache { get; } = cache;

    public IReadOnlyList<KernelSource> Sources { get; } = sources ?? KernelSources.Files;

    /// <summary>The target for a GPU of compute capability major.minor with this process's NVRTC.</summary>
    public static CompileTarget TargetFor(int major, int minor) => CompileTarget.For(major, minor, NvrtcCompiler.SupportedArchitectures());

    public IReadOnlyList<CompiledKernelFile> CompileAll(CompileTarget target)
    {
        var version = NvrtcCompiler.Version();
        var options = NvrtcCompiler.OptionsFor(target);
        var headers = KernelSources.Headers;
        return [.. Sources.Select(source =>
        {
            var key = KernelCache.Key(source, headers, options, target.Kind, version);
            var image = Cache.GetOrAdd(source.Name, key, target.Kind, () => NvrtcCompiler.Compile(source, headers, options, target.Kind));
            return new CompiledKernelFile(source.Name, target, image, source.EntryPoints);
        })];
    }
}
