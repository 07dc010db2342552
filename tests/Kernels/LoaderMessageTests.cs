using System.Diagnostics;
using MultiMix.Kernels.Discovery;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>What discovery says about a library file that exists but does not load (the loader's own reason), and about search folders that do not exist.</summary>
public sealed class LoaderMessageTests
{
    [Fact]
    public void A_library_that_does_not_load_reports_the_loaders_error()
    {
        var folder = Directory.CreateTempSubdirectory("multimix-lib-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, "libcuda.so.1"), []);
            var probe = LibraryDiscovery.Search(LibraryNames.For(CudaLibrary.Driver), [new SearchLocation(folder.FullName, "test")]);
            Assert.False(probe.Found);
            Assert.Contains("did not load", probe.Reason, StringComparison.Ordinal);
            Assert.Contains("file too short", probe.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', probe.Reason!);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Folders_of_the_search_variable_that_do_not_exist_are_named()
    {
        var real = Directory.CreateTempSubdirectory("multimix-lib-");
        try
        {
            Assert.Equal(["/nonexistent/cuda"], LibrarySearchPath.MissingFolders($"{real.FullName}:/nonexistent/cuda"));
            Assert.Empty(LibrarySearchPath.MissingFolders(null));
        }
        finally
        {
            real.Delete();
        }
    }

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
