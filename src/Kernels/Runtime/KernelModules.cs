using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Native;

namespace MultiMix.Kernels.Runtime;

/// <summary>
/// The custom kernels loaded into one context: every embedded source compiled (through the kernel cache) for the
/// context's GPU — machine code for its exact architecture where NVRTC knows it, else PTX — one module per source,
/// and a launcher that finds each kernel by its plain name.
/// </summary>
internal sealed unsafe class KernelModules : IKernelLauncher, IDisposable
{
    private readonly CudaContext _context;
    private readonly List<nint> _modules = [];
    private readonly Dictionary<string, nint> _functions = new(StringComparer.Ordinal);

    public KernelModules(CudaContext context, KernelCompiler compiler)
    {
        _context = context;
        Target = KernelCompiler.TargetFor(context.Info.Major, context.Info.Minor);
        foreach (var file in compiler.CompileAll(Target))
        {
            nint module;
            fixed (byte* p = file.Image)
            {
                CudaDriver.Check(CudaDriver.cuModuleLoadData(out module, p));
            }
            _modules.Add(module);
            foreach (var entry in file.EntryPoints)
            {
                CudaDriver.Check(CudaDriver.cuModuleGetFunction(out var function, module, entry));
                _functions[entry] = function;
            }
        }
    }

    /// <summary>What the kernels were compiled to for this GPU.</summary>
    public CompileTarget Target { get; }

    public IReadOnlyCollection<string> Kernels => _functions.Keys;

    public void Launch(in LaunchConfig config, ReadOnlySpan<ulong> args)
    {
        if (!_functions.TryGetValue(config.Kernel, out var function)) throw new CudaException($"no kernel named {config.Kernel}");
        fixed (ulong* slots = args)
        {
            var pointers = stackalloc void*[Math.Max(1, args.Length)];
            for (var i = 0; i < args.Length; i++) pointers[i] = slots + i;
            CudaDriver.Check(CudaDriver.cuLaunchKernel(function, config.Grid, 1, 1, config.Block, 1, 1, config.SharedBytes, _context.Stream, pointers, null));
        }
    }

    public void Dispose()
    {
        foreach (var module in _modules) CudaDriver.cuModuleUnload(module);
        _modules.Clear();
        _functions.Clear();
    }
}
