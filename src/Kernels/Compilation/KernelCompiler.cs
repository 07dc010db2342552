namespace MultiMix.Kernels.Compilation;

/// <summary>PTX of one source file, with the kernels it defines.</summary>
public sealed record CompiledKernelFile(string Name, string Ptx, IReadOnlyList<string> EntryPoints);

/// <summary>Compiles every embedded kernel source for one architecture, through the PTX cache.</summary>
public sealed class KernelCompiler(PtxCache cache)
{
    public PtxCache Cache { get; } = cache;

    public IReadOnlyList<CompiledKernelFile> CompileAll(int major, int minor)
    {
        var version = NvrtcCompiler.Version();
        var options = NvrtcCompiler.OptionsFor(major, minor);
        var headers = KernelSources.Headers;
        return [.. KernelSources.Files.Select(source =>
        {
            var key = PtxCache.Key(source, headers, options, version);
            var ptx = Cache.GetOrAdd(source.Name, key, () => NvrtcCompiler.CompileToPtx(source, headers, options));
            return new CompiledKernelFile(source.Name, ptx, source.EntryPoints);
        })];
    }
}
