using System.Diagnostics;
using MultiMix.Kernels.Discovery;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>`multimix doctor` as a user runs it: its own process, with the environment it reports on.</summary>
public sealed class DoctorTests
{
    /// <summary>The doctor, run as its own process with the variable set, warns about the missing folder.</summary>
    [Fact]
    public void Doctor_warns_about_a_search_folder_that_does_not_exist()
    {
        var start = new ProcessStartInfo("dotnet", [typeof(MultiMix.Train.Program).Assembly.Location, "doctor"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment[LibrarySearchPath.PathVariable] = "/nonexistent/cuda";
        using var doctor = Process.Start(start)!;
        var output = doctor.StandardOutput.ReadToEnd();
        doctor.StandardError.ReadToEnd();
        doctor.WaitForExit();
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains($"Warning: {LibrarySearchPath.PathVariable} names /nonexistent/cuda, which does not exist.", output, StringComparison.Ordinal);
    }
}
