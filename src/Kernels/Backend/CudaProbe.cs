using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Runtime;

namespace MultiMix.Kernels.Backend;

/// <summary>
/// Opens a GPU step by step — driver, GPU, libraries, kernel compilation and the handles, then
/// <see cref="DeviceSelfTest"/> — and says in a typed result which step failed and why. The CUDA backend opens its
/// device through here and <c>multimix doctor</c> reports it, so both decide from the same result.
/// </summary>
internal static class CudaProbe
{
    /// <summary>Probes GPU <paramref name="ordinal"/> and closes it again.</summary>
    public static CudaProbeResult Run(int ordinal)
    {
        var result = Open(ordinal, out var device);
        device?.Dispose();
        return result;
    }

    /// <summary>Probes GPU <paramref name="ordinal"/>; when it is usable, <paramref name="device"/> is the opened device and the caller owns it.</summary>
    public static CudaProbeResult Open(int ordinal, out CudaDevice? device)
    {
        device = null;
        var driver = LibraryDiscovery.Driver;
        if (!driver.Found) return Failed(ordinal, CudaProbeStep.Driver, $"libcuda.so.1 not found, so there is no NVIDIA driver ({driver.Reason})", null, []);
        GpuInfo gpu;
        try
        {
            gpu = CudaContext.Query(ordinal);
        }
        catch (Exception e) when (CudaDevice.IsSetupFailure(e))
        {
            return Failed(ordinal, CudaProbeStep.Gpu, $"the NVIDIA driver is installed but GPU {ordinal} cannot be used ({Message(e)})", null, []);
        }
        var missing = LibraryNames.RootLibraries.Where(l => !LibraryDiscovery.Probe(l).Found).ToList();
        if (missing.Count > 0)
        {
            var reasons = missing.Select(l => LibraryDiscovery.Probe(l).ToString()).ToList();
            return Failed(ordinal, CudaProbeStep.Libraries, $"the GPU needs {string.Join(", ", missing.Select(LibraryNames.Display))}, not found", gpu, reasons);
        }
        CudaDevice opened;
        try
        {
            opened = CudaDevice.Open(ordinal);
        }
        catch (KernelCompilationException e)
        {
            // The reason keeps the log's first line (one line for the command line); the report gets all of it.
            var reason = e.Source.Length > 0 ? $"NVRTC failed to compile {e.Source}: {e.Result}: {e.Log.Split('\n')[0].Trim()}" : Message(e);
            return Failed(ordinal, CudaProbeStep.KernelCompilation, reason, gpu, [.. e.Log.Split('\n').Select(l => l.TrimEnd())]);
        }
        catch (Exception e) when (CudaDevice.IsSetupFailure(e))
        {
            return Failed(ordinal, CudaProbeStep.Setup, $"GPU {ordinal} could not be set up: {Message(e)}", gpu, []);
        }
        var (major, minor) = NvrtcCompiler.Version();
        var details = new List<string>
        {
            $"kernels: {opened.KernelTarget}, compiled by NVRTC {major}.{minor} (cache: {KernelCache.Default().Folder})",
            $"cuBLAS {opened.CublasVersion / 10000}.{opened.CublasVersion % 10000 / 100}.{opened.CublasVersion % 100}",
        };
        var test = DeviceSelfTest.Run(opened);
        details.AddRange(test.Details);
        if (test.FailedStep is { } step)
        {
            opened.Dispose();
            return Failed(ordinal, step, test.Reason, gpu, details);
        }
        device = opened;
        return new CudaProbeResult(ordinal, null, "", gpu, details);
    }

    private static CudaProbeResult Failed(int ordinal, CudaProbeStep step, string reason, GpuInfo? gpu, IReadOnlyList<string> details) =>
        new(ordinal, step, reason, gpu, details);

    /// <summary>An exception's message on one line.</summary>
    private static string Message(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();
}
