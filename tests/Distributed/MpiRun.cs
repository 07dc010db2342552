using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace MultiMix.Tests.Distributed;

/// <summary>
/// Starts the test host (tests/DistributedHost, copied beside the tests) as an Open MPI job of N ranks on this
/// machine (shared memory between the ranks, the launcher's own traffic on loopback), or alone without a
/// launcher, and captures what every rank printed.
/// </summary>
internal static class MpiRun
{
    public sealed record Outcome(int ExitCode, string Output);

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static string? Mpirun { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "mpirun"))
        .FirstOrDefault(File.Exists);

    public static string? UnavailableReason => Mpirun is null ? "mpirun not found on PATH; scripts/install-deps.sh installs Open MPI (openmpi-bin)" : null;

    public static Outcome Run(int ranks, params string[] hostArguments)
    {
        var start = new ProcessStartInfo(Mpirun ?? throw new InvalidOperationException(UnavailableReason));
        string[] launcher = ["--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo"];
        foreach (var argument in launcher.Concat(Host(hostArguments))) start.ArgumentList.Add(argument);
        return Execute(start);
    }

    /// <summary>
    /// `multimix` (the build beside the tests) as an Open MPI job: one rank per element of
    /// <paramref name="perRank"/>, each with its own arguments (mpirun's MPMD form, `-np 1 A : -np 1 B`), so a test
    /// can give one rank other data or another output folder without any hook in the program.
    /// </summary>
    public static Outcome Multimix(params string[][] perRank)
    {
        var start = new ProcessStartInfo(Mpirun ?? throw new InvalidOperationException(UnavailableReason));
        string[] launcher = ["--allow-run-as-root", "--oversubscribe", "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo"];
        var ranks = perRank.Select((arguments, i) => (string[])[.. i == 0 ? [] : new[] { ":" }, "-np", "1", Dotnet(), Path.Combine(AppContext.BaseDirectory, "multimix.dll"), .. arguments]);
        foreach (var argument in launcher.Concat(ranks.SelectMany(r => r))) start.ArgumentList.Add(argument);
        return Execute(start);
    }

    /// <summary>The host started directly, as a user would start `multimix train --distributed` without mpirun.</summary>
    public static Outcome RunAlone(params string[] hostArguments)
    {
        var command = Host(hostArguments);
        var start = new ProcessStartInfo(command[0]);
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("OMPI_", StringComparison.Ordinal) || k.StartsWith("PMIX_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }
        return Execute(start);
    }

    private static string[] Host(string[] arguments) => [Dotnet(), Path.Combine(AppContext.BaseDirectory, "MultiMix.DistributedHost.dll"), .. arguments];

    private static string Dotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the running runtime; <root>/dotnet is its host.
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        return Path.Combine(runtime.Parent!.Parent!.Parent!.FullName, "dotnet");
    }

    private static Outcome Execute(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in {s_timeout.TotalSeconds} s; it printed:\n{Text(output)}");
        }
        process.WaitForExit();
        return new Outcome(process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.Append(line).Append('\n');
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}

/// <summary>A fact that needs mpirun; skipped, saying how to install it, only when mpirun is absent.</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiRun.UnavailableReason is { } reason) Skip = reason;
    }
}

/// <summary>The theory form of <see cref="MpiFactAttribute"/>.</summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    public MpiTheoryAttribute()
    {
        if (MpiRun.UnavailableReason is { } reason) Skip = reason;
    }
}
