using System.Diagnostics;
using System.Globalization;

namespace MultiMix.Benchmarks.SideBySide;

/// <summary>A step server in a child process: "step" runs one training step and answers its seconds; the peak resident memory comes from /proc.</summary>
public sealed class StepProcess : IDisposable
{
    private readonly Process _process;

    public StepProcess(string name, ProcessStartInfo start)
    {
        Name = name;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: the step server did not start.");
        var ready = _process.StandardOutput.ReadLine();
        if (ready != "ready") throw new InvalidOperationException($"{name}: the step server said '{ready}' instead of ready (exit code {(_process.HasExited ? _process.ExitCode : "none yet")}).");
    }

    public string Name { get; }

    public List<double> Seconds { get; } = [];

    public double Step()
    {
        var seconds = double.Parse(Ask("step"), CultureInfo.InvariantCulture);
        Seconds.Add(seconds);
        return seconds;
    }

    /// <summary>The median of step times (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Sends one command line and returns the server's one-line answer.</summary>
    public string Ask(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"{Name}: the step server stopped.");
    }

    /// <summary>The highest resident set size of the process so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"{Name}: /proc/{_process.Id}/status has no VmHWM line.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
            if (!_process.WaitForExit(30_000)) _process.Kill();
        }
        _process.Dispose();
    }
}
