using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Native;
using MultiMix.Kernels.Runtime;

namespace MultiMix.Kernels;

/// <summary>
/// <c>multimix doctor</c>: what MultiMix finds of the GPU stack. With a GPU: driver and library versions, where
/// each library was found, GPU name, compute capability and memory. Without: one plain sentence saying that
/// MultiMix runs on the CPU and why. Never throws.
/// </summary>
public static class CudaDoctor
{
    /// <summary>How the report's verdict begins when the GPU cannot be used; the reason follows it.</summary>
    private const string CpuVerdict = "MultiMix will run on the CPU: ";

    /// <summary>Why this machine cannot run MultiMix on its GPU, in one sentence, or null when it can.</summary>
    public static string? UnavailableReason() =>
        Report().FirstOrDefault(line => line.StartsWith(CpuVerdict, StringComparison.Ordinal))?[CpuVerdict.Length..];

    public static IReadOnlyList<string> Report()
    {
        var lines = new List<string>();
        foreach (var folder in LibrarySearchPath.MissingFolders(Environment.GetEnvironmentVariable(LibrarySearchPath.PathVariable)))
        {
            lines.Add($"Warning: {LibrarySearchPath.PathVariable} names {folder}, which does not exist.");
        }
        try
        {
            var probes = LibraryDiscovery.ProbeAll();
            var driver = probes.Single(p => p.Library == CudaLibrary.Driver);
            if (!driver.Found)
            {
                lines.Add($"{CpuVerdict}libcuda.so.1 not found, so there is no NVIDIA driver ({driver.Reason}).");
                AddLibraries(lines, probes);
                return lines;
            }
            GpuInfo gpu;
            try
            {
                gpu = CudaContext.Query(0);
            }
            catch (CudaException e)
            {
                lines.Add($"{CpuVerdict}the NVIDIA driver is installed but reports no usable GPU ({e.Error}).");
                AddLibraries(lines, probes);
                return lines;
            }
            lines.Add($"GPU 0: {gpu.Name}, compute capability {gpu.Major}.{gpu.Minor}, {gpu.TotalMemory / (1024.0 * 1024 * 1024):F1} GiB, {gpu.Multiprocessors} multiprocessors");
            lines.Add($"CUDA driver: {driver.Path}, supports CUDA {gpu.DriverVersion / 1000}.{gpu.DriverVersion % 1000 / 10}");
            AddLibraries(lines, probes.Where(p => p.Library != CudaLibrary.Driver));
            var missing = probes.Where(p => !p.Found).Select(p => p.Library.ToString()).ToList();
            lines.Add(missing.Count == 0
                ? "MultiMix can run on the GPU."
                : $"{CpuVerdict}the GPU needs {string.Join(", ", missing)}, not found.");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CudaException or IOException or UnauthorizedAccessException)
        {
            lines.Add($"{CpuVerdict}the GPU stack could not be inspected ({e.Message}).");
        }
        return lines;
    }

    /// <summary>Writes the report; the exit code is 0 either way (running on the CPU is not an error).</summary>
    public static int Run(TextWriter output)
    {
        foreach (var line in Report()) output.WriteLine(line);
        return 0;
    }

    private static void AddLibraries(List<string> lines, IEnumerable<LibraryProbe> probes)
    {
        foreach (var probe in probes.Where(p => p.Library != CudaLibrary.Driver))
        {
            lines.Add(probe.Found ? $"{probe.Library}: {probe.Path}{Version(probe.Library)}" : $"{probe.Library}: not found ({probe.Reason})");
        }
        lines.Add($"Library search order: {string.Join(", ", LibrarySearchPath.Locations().Select(l => l.Folder ?? l.Origin))} (add folders with {LibrarySearchPath.PathVariable})");
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
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CudaException)
        {
            return $" (version unavailable: {e.Message})";
        }
    }
}
