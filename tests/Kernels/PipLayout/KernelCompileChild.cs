using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Discovery;

namespace MultiMix.Tests.Kernels.PipLayout;

/// <summary>
/// The child process of <see cref="PipLayoutTests"/>: in a fresh process (so discovery runs from scratch, inside the
/// private mount namespace the parent set up), finds NVRTC and compiles every kernel source to machine code for each
/// architecture given, printing where NVRTC came from and one line per compile.
/// Run as <c>dotnet MultiMix.Tests.dll compile-kernels ARCH...</c>; the exit code is the number of failed compiles (at most 100).
/// </summary>
internal static class KernelCompileChild
{
    public const string Mode = "compile-kernels";

    public static int Run(IReadOnlyList<string> architectures, TextWriter output)
    {
        var nvrtc = LibraryDiscovery.Probe(CudaLibrary.Nvrtc);
        output.WriteLine($"nvrtc: {(nvrtc.Found ? nvrtc.Path : $"not found ({nvrtc.Reason})")}");
        output.WriteLine($"companions: {string.Join(", ", nvrtc.Companions)}");
        if (!nvrtc.Found) return 100;
        var failures = 0;
        foreach (var arch in architectures.Select(int.Parse))
        {
            var target = new CompileTarget(arch, KernelImageKind.Cubin);
            foreach (var source in KernelSources.Files)
            {
                try
                {
                    var image = NvrtcCompiler.Compile(source, KernelSources.Headers, NvrtcCompiler.OptionsFor(target), target.Kind);
                    output.WriteLine($"ok {source.Name} sm_{arch}: {image.Length} bytes");
                }
                catch (KernelCompilationException e)
                {
                    failures++;
                    output.WriteLine($"FAIL {source.Name} sm_{arch}: {e.Result}: {e.Log.ReplaceLineEndings(" ")}");
                }
            }
        }
        return Math.Min(failures, 100);
    }
}
