using MultiMix.Kernels;
using MultiMix.Kernels.Discovery;
using Xunit;

namespace MultiMix.Tests.Kernels;

public sealed class DiscoveryTests
{
    [NvrtcFact]
    public void A_folder_location_wins_over_later_ones_and_its_path_is_reported()
    {
        var folder = Directory.CreateTempSubdirectory("multimix-lib-");
        try
        {
            // Any real NVRTC will do; a link named like the newest version must be preferred to the loader's.
            var real = new[] { "/usr/lib/x86_64-linux-gnu/libnvrtc.so.11.2", "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12" }.First(File.Exists);
            var copy = Path.Combine(folder.FullName, "libnvrtc.so.12");
            File.CreateSymbolicLink(copy, real);
            var probe = LibraryDiscovery.Search(LibraryNames.For(CudaLibrary.Nvrtc), [new SearchLocation(folder.FullName, "test"), SearchLocation.Loader]);
            Assert.True(probe.Found);
            Assert.Equal(copy, probe.Path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_reported_as_not_loading()
    {
        var folder = Directory.CreateTempSubdirectory("multimix-lib-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "libcudnn.so.9"), "not an ELF file");
            var probe = LibraryDiscovery.Search(LibraryNames.For(CudaLibrary.Cudnn), [new SearchLocation(folder.FullName, "test")]);
            Assert.False(probe.Found);
            Assert.Contains("exists but did not load", probe.Reason, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_library_names_the_files_and_places_searched()
    {
        var probe = LibraryDiscovery.Search(new LibraryNames(CudaLibrary.Cublas, ["libmultimix-does-not-exist.so.1"], []), [new SearchLocation("/nonexistent", "test"), SearchLocation.Loader]);
        Assert.False(probe.Found);
        Assert.Contains("libmultimix-does-not-exist.so.1", probe.Reason, StringComparison.Ordinal);
        Assert.Contains("/nonexistent", probe.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_search_order_is_the_variable_then_the_loader_then_fixed_folders_then_pip()
    {
        var previous = Environment.GetEnvironmentVariable(LibrarySearchPath.PathVariable);
        var virtualEnv = Environment.GetEnvironmentVariable("VIRTUAL_ENV");
        var venv = Directory.CreateTempSubdirectory("multimix-venv-");
        try
        {
            var pip = Path.Combine(venv.FullName, "lib", "python3.12", "site-packages", "nvidia", "cudnn", "lib");
            Directory.CreateDirectory(pip);
            Environment.SetEnvironmentVariable(LibrarySearchPath.PathVariable, "/opt/a:/opt/b");
            Environment.SetEnvironmentVariable("VIRTUAL_ENV", venv.FullName);
            var locations = LibrarySearchPath.Locations().Select(l => l.Folder ?? "<loader>").ToList();
            Assert.Equal(["/opt/a", "/opt/b", "<loader>", "/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu"], locations.Take(5));
            Assert.Contains(pip, locations.Skip(5));
        }
        finally
        {
            Environment.SetEnvironmentVariable(LibrarySearchPath.PathVariable, previous);
            Environment.SetEnvironmentVariable("VIRTUAL_ENV", virtualEnv);
            venv.Delete(recursive: true);
        }
    }

    [Fact]
    public void Doctor_never_throws_and_says_where_multimix_will_run()
    {
        var writer = new StringWriter();
        Assert.Equal(0, CudaDoctor.Run(writer));
        var text = writer.ToString();
        if (!LibraryDiscovery.Probe(CudaLibrary.Driver).Found)
        {
            Assert.StartsWith("MultiMix will run on the CPU: libcuda.so.1 not found", text, StringComparison.Ordinal);
        }
        Assert.Contains("Library search order", text, StringComparison.Ordinal);
    }
}
