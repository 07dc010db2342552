using System.Buffers.Binary;
using System.Diagnostics;
using MultiMix.Kernels;
using MultiMix.Kernels.Backend;
using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Discovery;
using MultiMix.Kernels.Runtime;
using MultiMix.Tests.Kernels.Cuda;

namespace MultiMix.GpuCheck;

/// <summary>
/// Runs on a GPU machine: doctor and library discovery, every kernel parity test against the GPU, NVRTC for the
/// GPU's architecture and for sm_90, cuBLAS GEMM and cuDNN convolution and instance norm against the CPU backend,
/// determinism of the reductions, timings, training steps of the CUDA backend against the CPU backend, and a one-rank
/// NCCL all-reduce with data-parallel training steps (flat gradients averaged by NCCL, fused Adam). Writes a
/// log per part, then results.md (one table: check, expected, got, pass) and results.json, into the folder given as
/// the first argument. The exit status is the number of failed checks, at most <see cref="CheckReport.MaxExitCode"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var emulate = args.Contains("--emulate");
        var quick = args.Contains("--quick");
        var output = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Directory.GetCurrentDirectory();
        Directory.CreateDirectory(output);
        var report = new CheckReport();
        if (emulate)
        {
            // Proves the program itself where there is no GPU: the doctor's report as information, and the parity
            // tests in the CPU emulator.
            Part(output, report, "doctor", log => DoctorReport(log));
            Part(output, report, "kernel-parity-emulated", Parity);
            Part(output, report, "step-versus-pytorch-cpu", log => StepVersusPyTorch.Run(log, _ => Open(DeviceName.Cpu, false), _ => { }, "cpu",
                [new(32, 2, false, null)], warmUp: 1, steps: 2, torchRequired: false));
            Part(output, report, "whole-job-cpu", log => WholeJob.Run(log, "cpu",
                ["--size", "32", "--width", "4", "--seg-count", "16", "--seg-labels", "4", "--seg-val", "2", "--seg-test", "3", "--cls-count", "24", "--cls-labels", "4", "--cls-val", "4", "--cls-test", "4"],
                ["--batch", "2", "--epochs", "1"]));
        }
        else
        {
            Part(output, report, "doctor", Doctor);
            Part(output, report, "discovery", Discovery);
            if (HasGpu(report)) OnTheGpu(output, report, quick);
        }
        report.Write(output);
        Console.WriteLine();
        Console.Write(report.Markdown());
        Console.WriteLine($"gpu-check: results in {Path.Combine(output, "results.md")} and results.json");
        return report.ExitCode;
    }

    /// <summary>Everything on the GPU; <paramref name="quick"/> leaves out the two long parts (the step against PyTorch and the whole job).</summary>
    private static void OnTheGpu(string output, CheckReport report, bool quick)
    {
        Environment.SetEnvironmentVariable(CudaTarget.Variable, "cuda");
        Part(output, report, "kernel-parity", Parity);
        Part(output, report, "nvrtc", CompileForThisGpu);
        Part(output, report, "cublas-gemm", Checks.Gemm);
        Part(output, report, "cudnn-convolution", Checks.Convolution);
        Part(output, report, "cudnn-instance-norm", Checks.InstanceNorm);
        Part(output, report, "determinism", Checks.Determinism);
        Part(output, report, "timings", Checks.Timings);
        Part(output, report, "cuda-backend", BackendCheck.Run);
        Part(output, report, "data-parallel", DataParallelCheck.Run);
        if (quick) return;
        var gpu = new DeviceName(0);
        Part(output, report, "step-versus-pytorch", log => StepVersusPyTorch.Run(log, tf32 => Open(gpu, tf32), o => ((CudaBackend)o.Backend).Synchronize(), "cuda",
            [new(64, 4, false, null), new(64, 4, true, null), new(256, 10, false, 0.5), new(256, 10, true, 0.5)], warmUp: 3, steps: 10, torchRequired: true));
        Part(output, report, "whole-job", log => WholeJob.Run(log, "cuda", [], []));
    }

    private static OpenedBackend Open(DeviceName device, bool tf32) =>
        OpenedBackend.TryOpen(device, tf32, out var opened, out var why) ? opened : throw new InvalidOperationException($"{device}: {why}");

    private static bool HasGpu(CheckReport report)
    {
        try
        {
            var info = CudaContext.Query(0);
            report.Add(new CheckRow("gpu", "GPU 0", "a GPU the driver reports", $"{info.Name}, compute capability {info.Major}.{info.Minor}", true));
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MultiMix.Kernels.Native.CudaException)
        {
            report.Add(new CheckRow("gpu", "GPU 0", "a GPU the driver reports", e.Message.ReplaceLineEndings(" "), false));
            return false;
        }
    }

    /// <summary>Runs one part, writing its lines to the console and to OUT/part.txt; a crash is a failed check.</summary>
    private static void Part(string folder, CheckReport report, string name, Action<PartLog> part)
    {
        using var file = new StreamWriter(Path.Combine(folder, $"{name}.txt"));
        var both = new TeeWriter(Console.Out, file);
        both.WriteLine($"== {name}");
        var log = new PartLog(name, both, report);
        var before = report.Failures;
        try
        {
            part(log);
        }
        catch (Exception e)
        {
            log.Check("the part runs to the end", "no exception", $"{e.GetType().Name}: {e.Message}", false);
            both.WriteLine(e.ToString());
        }
        var failed = report.Failures - before;
        both.WriteLine(failed == 0 ? $"== {name}: ok" : $"== {name}: {failed} failure(s)");
    }

    private static void Doctor(PartLog log)
    {
        var verdict = DoctorReport(log);
        log.Check("doctor's verdict", CudaDoctor.GpuVerdict, verdict, verdict == CudaDoctor.GpuVerdict);
    }

    /// <summary>Writes the doctor's report to the log; returns its verdict (the last line).</summary>
    private static string DoctorReport(PartLog log)
    {
        var lines = CudaDoctor.Report();
        foreach (var line in lines) log.Line(line);
        return lines[^1];
    }

    /// <summary>Where the libraries came from: one root for NVRTC, cuBLAS and cuDNN, with NVRTC's builtins preloaded beside it.</summary>
    private static void Discovery(PartLog log)
    {
        var set = LibraryDiscovery.Toolkit;
        log.Check("library root", "one root holds NVRTC, cuBLAS and cuDNN", set.Root?.ToString() ?? "none: each library searched for on its own", set.Root is not null);
        foreach (var probe in set.Probes)
        {
            log.Line($"{probe}{(probe.Companions.Count > 0 ? $" (preloaded {string.Join(", ", probe.Companions)})" : "")}");
        }
        var nvrtc = set[CudaLibrary.Nvrtc];
        log.Check("NVRTC builtins preloaded from NVRTC's folder", "libnvrtc-builtins.so.*", string.Join(", ", nvrtc.Companions), nvrtc.Companions.Any(c => c.StartsWith("libnvrtc-builtins", StringComparison.Ordinal)));
    }

    private static void Parity(PartLog log)
    {
        ParityRunner.RunAll((label, create, body) =>
        {
            var row = ParityRunner.RunCase(log.Part, label, create, body);
            log.Check(row.Check, row.Expected, row.Got, row.Pass);
        });
    }

    private static void CompileForThisGpu(PartLog log)
    {
        var info = CudaTarget.Context.Info;
        var (major, minor) = NvrtcCompiler.Version();
        var supported = NvrtcCompiler.SupportedArchitectures();
        var target = CompileTarget.For(info.Major, info.Minor, supported);
        log.Line($"NVRTC {major}.{minor}, architectures {string.Join(" ", supported)}; this GPU gets {target}");
        log.Check("compile target", $"machine code for sm_{info.Major}{info.Minor}", target.ToString(), target.Kind == KernelImageKind.Cubin);
        foreach (var source in KernelSources.Files)
        {
            foreach (var t in new[] { target, new CompileTarget(90, KernelImageKind.Cubin), new CompileTarget(90, KernelImageKind.Ptx) }.Distinct())
            {
                var watch = Stopwatch.StartNew();
                var image = NvrtcCompiler.Compile(source, KernelSources.Headers, NvrtcCompiler.OptionsFor(t), t.Kind);
                var ok = t.Kind == KernelImageKind.Ptx || (image.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) && BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(18)) == 190);
                log.Check($"{source.Name} to {t}", t.Kind == KernelImageKind.Cubin ? "an EM_CUDA ELF image" : "PTX", $"{image.Length} bytes in {watch.ElapsedMilliseconds} ms", ok);
            }
        }
        log.Line($"loaded kernels ({CudaTarget.Modules.Target}): {string.Join(", ", CudaTarget.Modules.Kernels.Order(StringComparer.Ordinal))}");
    }
}

/// <summary>Writes to two writers at once.</summary>
internal sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
{
    public override System.Text.Encoding Encoding => first.Encoding;

    public override void Write(char value)
    {
        first.Write(value);
        second.Write(value);
    }

    public override void WriteLine(string? value)
    {
        first.WriteLine(value);
        second.WriteLine(value);
    }
}
