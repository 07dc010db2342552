using System.Diagnostics;
using System.Reflection;
using MultiMix.Kernels;
using MultiMix.Kernels.Compilation;
using MultiMix.Kernels.Native;
using MultiMix.Kernels.Runtime;
using MultiMix.Tests.Kernels.Cuda;
using MultiMix.Tests.Kernels.Emulation;
using Xunit;
using Xunit.Sdk;

namespace MultiMix.GpuCheck;

/// <summary>
/// Runs on a GPU machine: doctor, every kernel parity test against the GPU, cuBLAS GEMM and cuDNN convolution
/// and instance norm against the CPU backend, determinism of the reductions, timings, and training steps of the
/// CUDA backend against the CPU backend. Writes a report per
/// part into the folder given as the first argument; the exit code counts the failures.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var emulate = args.Contains("--emulate");
        var output = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Directory.GetCurrentDirectory();
        Directory.CreateDirectory(output);
        var failures = 0;
        failures += Part(output, "doctor", w => CudaDoctor.Run(w));
        if (emulate)
        {
            // Proves the runner itself where there is no GPU: the parity tests in the CPU emulator.
            return failures + Part(output, "kernel-parity-emulated", RunParityTests);
        }
        if (!HasGpu(out var why))
        {
            Console.WriteLine($"gpu-check: no GPU ({why}); nothing else to check");
            return 1;
        }
        Environment.SetEnvironmentVariable(CudaTarget.Variable, "cuda");
        failures += Part(output, "kernel-parity", RunParityTests);
        failures += Part(output, "nvrtc", CompileForThisGpu);
        failures += Part(output, "cublas-gemm", Checks.Gemm);
        failures += Part(output, "cudnn-convolution", Checks.Convolution);
        failures += Part(output, "cudnn-instance-norm", Checks.InstanceNorm);
        failures += Part(output, "determinism", Checks.Determinism);
        failures += Part(output, "timings", Checks.Timings);
        failures += Part(output, "cuda-backend", BackendCheck.TrainingSteps);
        Console.WriteLine(failures == 0 ? "gpu-check: all parts passed" : $"gpu-check: {failures} failure(s)");
        return failures;
    }

    private static bool HasGpu(out string why)
    {
        try
        {
            var info = CudaContext.Query(0);
            why = info.Name;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or CudaException)
        {
            why = e.Message;
            return false;
        }
    }

    /// <summary>Runs one part, writing its lines to the console and to OUT/part.txt; returns its failure count.</summary>
    private static int Part(string folder, string name, Func<TextWriter, int> part)
    {
        using var file = new StreamWriter(Path.Combine(folder, $"{name}.txt"));
        var both = new TeeWriter(Console.Out, file);
        both.WriteLine($"== {name}");
        try
        {
            var failed = part(both);
            both.WriteLine(failed == 0 ? $"== {name}: ok" : $"== {name}: {failed} failure(s)");
            return failed;
        }
        catch (Exception e)
        {
            both.WriteLine($"== {name}: crashed: {e}");
            return 1;
        }
    }

    /// <summary>A minimal xunit runner: every fact and theory row of the KernelParity test classes.</summary>
    private static int RunParityTests(TextWriter log)
    {
        var failures = 0;
        var passed = 0;
        var classes = typeof(KernelParity).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(KernelParity)) && !t.IsAbstract).OrderBy(t => t.Name);
        foreach (var type in classes)
        {
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null))
            {
                var rows = method.GetCustomAttributes<DataAttribute>().SelectMany(d => d.GetData(method)).ToList();
                if (rows.Count == 0) rows.Add([]);
                foreach (var row in rows)
                {
                    var label = $"{type.Name}.{method.Name}({string.Join(", ", row)})";
                    try
                    {
                        var instance = (KernelParity)Activator.CreateInstance(type)!;
                        method.Invoke(instance, row);
                        instance.Dispose();
                        passed++;
                    }
                    catch (TargetInvocationException e)
                    {
                        failures++;
                        log.WriteLine($"FAIL {label}: {e.InnerException?.Message}");
                    }
                }
            }
        }
        log.WriteLine($"{passed} passed, {failures} failed");
        return failures;
    }

    private static int CompileForThisGpu(TextWriter log)
    {
        var info = CudaTarget.Context.Info;
        var (major, minor) = NvrtcCompiler.Version();
        log.WriteLine($"NVRTC {major}.{minor}; compiling every kernel for compute_{info.Major}{info.Minor} and compute_90");
        foreach (var source in KernelSources.Files)
        {
            foreach (var (ma, mi) in new[] { (info.Major, info.Minor), (9, 0) })
            {
                var watch = Stopwatch.StartNew();
                var ptx = NvrtcCompiler.CompileToPtx(source, KernelSources.Headers, NvrtcCompiler.OptionsFor(ma, mi));
                log.WriteLine($"{source.Name} compute_{ma}{mi}: {ptx.Length} chars of PTX in {watch.ElapsedMilliseconds} ms");
            }
        }
        log.WriteLine($"loaded kernels: {string.Join(", ", CudaTarget.Modules.Kernels.Order(StringComparer.Ordinal))}");
        return 0;
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
