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
}
