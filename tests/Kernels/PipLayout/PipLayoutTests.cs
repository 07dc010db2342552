using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MultiMix.Tests.Kernels.PipLayout;

/// <summary>
/// The GPU machine's layout, simulated without a GPU: NVRTC comes from a pip wheel's
/// <c>site-packages/nvidia/cu13/lib</c> of a virtual environment, its builtins library beside it, and no copy on the
/// loader's path. Debian's libnvrtc.so.11.2 and libnvrtc-builtins.so.11.8 play the wheel's files; the system copies
/// are hidden by bind-mounting /dev/null over them in a private mount namespace (<c>unshare -m</c>, needs root as
/// in CI), and a child process (<see cref="KernelCompileChild"/>) runs discovery and compiles every kernel there.
/// NVRTC opens its builtins by bare name, so without the preload from its own folder every compile fails with
/// NVRTC_ERROR_BUILTIN_OPERATION_FAILURE.
/// </summary>
public sealed class PipLayoutTests(ITestOutputHelper output)
{
    private const string SystemNvrtc = "/usr/lib/x86_64-linux-gnu/libnvrtc.so.11.2";
    private const string SystemBuiltins = "/usr/lib/x86_64-linux-gnu/libnvrtc-builtins.so.11.8";

    [PrivateMountFact]
    public void The_simulated_pip_cu13_layout_finds_nvrtc_in_the_venv_and_compiles_every_kernel()
    {
        using var temp = new ScratchFolder("multimix-pip-");
        var venv = Path.Combine(temp.Path, "venv");
        var lib = Path.Combine(venv, "lib", "python3.12", "site-packages", "nvidia", "cu13", "lib");
        Directory.CreateDirectory(lib);
        var nvrtc = RealFile(SystemNvrtc);
        var builtins = RealFile(SystemBuiltins);
        File.Copy(nvrtc, Path.Combine(lib, "libnvrtc.so.11.2"));
        File.Copy(builtins, Path.Combine(lib, "libnvrtc-builtins.so.11.8"));

        var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-m", "--", "sh", "-c", "mount --bind /dev/null \"$1\" && mount --bind /dev/null \"$2\" && shift 2 && exec \"$@\"", "sh",
            nvrtc, builtins, DotnetHost(), typeof(PipLayoutTests).Assembly.Location, KernelCompileChild.Mode, "80", "86",
        })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var variable in new[] { "MULTIMIX_CUDA_PATH", "LD_LIBRARY_PATH", "CONDA_PREFIX", "LD_PRELOAD" }) start.Environment.Remove(variable);
        start.Environment["VIRTUAL_ENV"] = venv;
        var (exit, stdout, stderr) = Run(start, TimeSpan.FromMinutes(5));
        output.WriteLine(stdout);
        output.WriteLine(stderr);

        Assert.Contains($"nvrtc: {Path.Combine(lib, "libnvrtc.so.11.2")}", stdout, StringComparison.Ordinal);
        Assert.Contains("libnvrtc-builtins.so.11.8", stdout.Split('\n').Single(l => l.StartsWith("companions:", StringComparison.Ordinal)), StringComparison.Ordinal);
        var failed = stdout.Split('\n').Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} compiles failed:\n{string.Join('\n', failed)}");
        Assert.Equal(2 * MultiMix.Kernels.Compilation.KernelSources.Files.Count, stdout.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Equal(0, exit);
    }

    /// <summary>The file a library link finally points to (the bind mount must cover the file, not the link).</summary>
    private static string RealFile(string path) => File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;

    /// <summary>The dotnet host running these tests, else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    internal static (int Exit, string Output, string Errors) Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var errors = process.StandardError.ReadToEndAsync();
        var standard = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} did not finish within {timeout}");
        }
        return (process.ExitCode, standard.Result, errors.Result);
    }

    /// <summary>Runs only where a private mount namespace can be made and Debian's NVRTC is installed; says why not otherwise.</summary>
    public sealed class PrivateMountFactAttribute : FactAttribute
    {
        public PrivateMountFactAttribute()
        {
            if (!File.Exists(SystemNvrtc) || !File.Exists(SystemBuiltins))
            {
                Skip = $"Debian's NVRTC ({SystemNvrtc}, {SystemBuiltins}) is not installed; scripts/install-deps.sh installs it";
                return;
            }
            try
            {
                var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { "-m", "--", "mount", "--bind", "/dev/null", "/dev/null" }) start.ArgumentList.Add(argument);
                var (exit, _, errors) = Run(start, TimeSpan.FromSeconds(30));
                if (exit != 0) Skip = $"'unshare -m' with a bind mount was refused ({errors.Trim()}); this test needs root (CI runs as root)";
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Skip = $"unshare could not be started ({e.Message}); this test needs util-linux's unshare and root";
            }
        }
    }
}
