using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace MultiMix.Benchmarks.SideBySide;

/// <summary>
/// This project's training step against PyTorch's (scripts/pytorch/step_server.py, Debian's python3-torch) on the
/// same model, batch size and thread count, each in its own process: warm-up steps, then steps taken alternately
/// (one of ours, one of PyTorch's) so both see the same load, or one after the other with --sequential when the two
/// would not fit in memory together. Prints every step, the median ratio and both peak resident set sizes (VmHWM,
/// read the same way for both). PyTorch runs with its defaults; on a machine that other jobs keep busy its OpenMP
/// threads spin at every barrier and it slows down several times over, so --omp-passive sets OMP_WAIT_POLICY=PASSIVE
/// for it (its better setting there).
/// </summary>
public static class VersusPyTorch
{
    public const string Python = "/usr/bin/python3";

    public static int Run(int size, int perStream, int steps, int warmUp, bool sequential, bool ompPassive, TextWriter output)
    {
        var threads = Environment.ProcessorCount;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"## MultiMix training step, width 16, {size} px, {perStream} images per stream, {threads} threads: this project against PyTorch {TorchVersion()}"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"{(sequential ? "one after the other" : "alternating")}, {warmUp} warm-up and {steps} measured steps each{(ompPassive ? ", PyTorch with OMP_WAIT_POLICY=PASSIVE" : "")}; load average before: {LoadAverage()}"));
        output.WriteLine();
        StepProcess Ours() => new("this project", OurServer(size, perStream));
        StepProcess Torch() => new("PyTorch", TorchServer(size, perStream, threads, ompPassive));
        StepProcess ours, torch;
        long oursPeak, torchPeak;
        if (sequential)
        {
            using (ours = Ours())
            {
                for (var i = 0; i < warmUp + steps; i++) ours.Step();
                oursPeak = ours.PeakResidentBytes();
            }
            using (torch = Torch())
            {
                for (var i = 0; i < warmUp + steps; i++) torch.Step();
                torchPeak = torch.PeakResidentBytes();
            }
        }
        else
        {
            using (ours = Ours())
            using (torch = Torch())
            {
                for (var i = 0; i < warmUp + steps; i++)
                {
                    ours.Step();
                    torch.Step();
                }
                oursPeak = ours.PeakResidentBytes();
                torchPeak = torch.PeakResidentBytes();
            }
        }
        output.WriteLine("| step | this project (s) | PyTorch (s) |");
        output.WriteLine("|--:|--:|--:|");
        for (var i = 0; i < warmUp + steps; i++)
        {
            output.WriteLine(string.Create(inv, $"| {i + 1}{(i < warmUp ? " (warm-up)" : "")} | {ours.Seconds[i]:F3} | {torch.Seconds[i]:F3} |"));
        }
        var oursMedian = StepProcess.Median(ours.Seconds.Skip(warmUp));
        var torchMedian = StepProcess.Median(torch.Seconds.Skip(warmUp));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"median step: this project {oursMedian:F3} s, PyTorch {torchMedian:F3} s: **{oursMedian / torchMedian:F2}× PyTorch's time**"));
        output.WriteLine(string.Create(inv, $"peak resident memory: this project {oursPeak / 1e9:F2} GB, PyTorch {torchPeak / 1e9:F2} GB: **{(double)oursPeak / torchPeak:F2}× PyTorch's**"));
        output.WriteLine(string.Create(inv, $"load average after: {LoadAverage()}"));
        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static ProcessStartInfo OurServer(int size, int perStream)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot find its own executable.");
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        foreach (var a in new[] { "step-server", "--size", size.ToString(CultureInfo.InvariantCulture), "--batch", perStream.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        return start;
    }

    private static ProcessStartInfo TorchServer(int size, int perStream, int threads, bool ompPassive)
    {
        var start = new ProcessStartInfo(Python);
        foreach (var a in new[] { Script(), "--size", size.ToString(CultureInfo.InvariantCulture), "--batch", perStream.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        if (ompPassive) start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        return start;
    }

    private static string TorchVersion()
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "import torch; print(torch.__version__)" }) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        var version = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? version : throw new InvalidOperationException($"{Python} has no torch (apt-get install python3-torch).");
    }

    /// <summary>scripts/pytorch/step_server.py, found by walking up from the benchmark's folder to the repository.</summary>
    private static string Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "pytorch", "step_server.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("scripts/pytorch/step_server.py was not found above the benchmark's folder.");
    }
}
