using MultiMix.Kernels.Backend;
using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Runtime;

namespace MultiMix.Kernels;

/// <summary>
/// <c>multimix doctor</c>: what MultiMix finds of the GPU stack — the driver and GPU, the root the libraries came
/// from, each library's file, version and preloaded companions, the search order — then the verdict of
/// <see cref="CudaProbe"/>: "MultiMix can run on the GPU." only after the kernels compiled and a kernel, a cuBLAS
/// GEMM and a cuDNN convolution ran on the GPU and matched the CPU; otherwise the step that failed and why.
/// docs/gpu.md explains each message. Never throws.
/// </summary>
public static class CudaDoctor
{
    public const string GpuVerdict = "MultiMix can run on the GPU.";

    /// <summary>How the verdict begins when the GPU cannot be used; the reason follows it.</summary>
    public const string CpuVerdict = "MultiMix will run on the CPU: ";

    public static IReadOnlyList<string> Report()
    {
        var lines = new List<string>();
        foreach (var folder in LibrarySearchPath.MissingFolders(Environment.GetEnvironmentVariable(LibrarySearchPath.PathVariable)))
        {
            lines.Add($"Warning: {LibrarySearchPath.PathVariable} names {folder}, which does not exist.");
        }
        try
        {
            var probe = CudaProbe.Run(0);
            var driver = LibraryDiscovery.Driver;
            if (probe.Gpu is { } gpu)
            {
                lines.Add($"GPU 0: {gpu.Name}, compute capability {gpu.Major}.{gpu.Minor}, {gpu.TotalMemory / (1024.0 * 1024 * 1024):F1} GiB, {gpu.Multiprocessors} multiprocessors");
                lines.Add($"CUDA driver: {driver.Path}, supports CUDA {gpu.DriverVersion / 1000}.{gpu.DriverVersion % 1000 / 10}");
            }
            else
            {
                lines.Add(driver.Found ? $"CUDA driver: {driver.Path}" : $"CUDA driver: not found ({driver.Reason})");
            }
            AddLibraries(lines, LibraryDiscovery.Toolkit);
            lines.AddRange(probe.Details);
            lines.Add(probe.Usable ? GpuVerdict : $"{CpuVerdict}{probe.Reason.TrimEnd('.')}.");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or Native.CudaException or IOException or UnauthorizedAccessException)
        {
            lines.Add($"{CpuVerdict}the GPU stack could not be inspected ({e.Message.ReplaceLineEndings(" ")}).");
        }
        return lines;
    }

    /// <summary>Writes the report; the exit code is 0 either way (running on the CPU is not an error).</summary>
    public static int Run(TextWriter output)
    {
        foreach (var line in Report()) output.WriteLine(line);
        return 0;
    }

    private static void AddLibraries(List<string> lines, LibrarySet set)
    {
        lines.Add(set.Root is { } root
            ? $"Libraries from one root: {root}"
            : "Libraries: no single root holds NVRTC, cuBLAS and cuDNN, so each was searched for on its own (they may come from different CUDA releases)");
        foreach (var probe in set.Probes)
        {
            var companions = probe.Companions.Count > 0 ? $" (preloaded {string.Join(", ", probe.Companions)})" : "";
            var name = LibraryNames.Display(probe.Library);
            lines.Add(probe.Found ? $"{name}: {probe.Path}{Version(probe.Library)}{companions}" : $"{name}: not found ({probe.Reason})");
        }
        lines.Add($"NCCL (optional, for multi-GPU training): {set.NcclPath ?? $"no {NcclSearchPath.FileName} in the roots' folders"}");
        var environment = SearchEnvironment.FromProcess();
        lines.Add($"Library roots, in order: {string.Join("; ", LibrarySearchPath.Roots(environment).Select(r => r.Origin))}");
        lines.Add($"Search order for a library no root holds: {string.Join(", ", LibrarySearchPath.Locations(environment).Select(l => l.Folder ?? l.Origin))} (add folders with {LibrarySearchPath.PathVariable})");
    }

    private static string Version(CudaLibrary library)
    {
        try
        {
            return library switch
            {
                CudaLibrary.Nvrtc => NvrtcCompiler.Version() is var (major, minor) ? $", version {major}.{minor}" : "",
                CudaLibrary.Cudnn => CudnnHandle.Version() is var v ? $", version {v / 10000}.{v % 10000 / 100}.{v % 100}" : "",
                _ => "",
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or Native.CudaException)
        {
            return $" (version unavailable: {e.Message})";
        }
    }
}
