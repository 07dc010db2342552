using MultiMix.Kernels;
using MultiMix.Kernels.Discovery;
using Xunit;

namespace MultiMix.Tests.Kernels;

public sealed class DiscoveryTests
{
    private static SearchEnvironment Machine(string? cudaPath = null, string? virtualEnv = null) => new(cudaPath, null, virtualEnv, null, null, "");

    /// <summary>Makes <c>venv/lib/python3.12/site-packages/nvidia/&lt;package&gt;/lib/&lt;file&gt;</c> for each (package, file), as text files.</summary>
    private static string FakeVenv(string root, params (string Package, string File)[] files)
    {
        var venv = Path.Combine(root, "venv");
        foreach (var (package, file) in files)
        {
            var lib = PipLib(venv, package);
            Directory.CreateDirectory(lib);
            File.WriteAllText(Path.Combine(lib, file), "not an ELF file");
        }
        return venv;
    }

    private static string PipLib(string venv, string package) => Path.Combine(venv, "lib", "python3.12", "site-packages", "nvidia", package, "lib");

    [NvrtcFact]
    public void A_folder_location_wins_over_later_ones_and_its_path_is_reported()
    {
        using var folder = new ScratchFolder("multimix-lib-");
        // Any real NVRTC will do; a link named like a newer version must be preferred to the loader's.
        var real = new[] { "/usr/lib/x86_64-linux-gnu/libnvrtc.so.11.2", "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12" }.First(File.Exists);
        var copy = Path.Combine(folder.Path, "libnvrtc.so.12");
        File.CreateSymbolicLink(copy, real);
        var probe = LibraryDiscovery.Search(LibraryNames.For(CudaLibrary.Nvrtc), [new SearchLocation(folder.Path, "test"), SearchLocation.Loader]);
        Assert.True(probe.Found);
        Assert.Equal(copy, probe.Path);
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_reported_as_not_loading()
    {
        using var folder = new ScratchFolder("multimix-lib-");
        File.WriteAllText(Path.Combine(folder.Path, "libcudnn.so.9"), "not an ELF file");
        var probe = LibraryDiscovery.Search(LibraryNames.For(CudaLibrary.Cudnn), [new SearchLocation(folder.Path, "test")]);
        Assert.False(probe.Found);
        Assert.Contains("exists but did not load", probe.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_library_names_the_files_and_places_searched()
    {
        var probe = LibraryDiscovery.Search(new LibraryNames(CudaLibrary.Cublas, [new("libmultimix-does-not-exist.so.1", [])]), [new SearchLocation("/nonexistent", "test"), SearchLocation.Loader]);
        Assert.False(probe.Found);
        Assert.Contains("libmultimix-does-not-exist.so.1", probe.Reason, StringComparison.Ordinal);
        Assert.Contains("/nonexistent", probe.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_search_order_is_the_variable_then_the_loader_then_fixed_folders_then_python_environments()
    {
        using var temp = new ScratchFolder("multimix-venv-");
        var venv = FakeVenv(temp.Path, ("cudnn", "libcudnn.so.9"));
        var locations = LibrarySearchPath.Locations(Machine("/opt/a:/opt/b", venv)).Select(l => l.Folder ?? "<loader>").ToList();
        Assert.Equal(["/opt/a", "/opt/b", "<loader>", "/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu"], locations.Take(5));
        Assert.Contains(PipLib(venv, "cudnn"), locations.Skip(5));
    }

    /// <summary>
    /// A folder earlier in the order holds only a cuDNN (and an NCCL): taking each library from the first folder that
    /// has it would pair those with the virtual environment's NVRTC and cuBLAS. The root that holds all three wins
    /// instead, for every library, and the NCCL binding is pointed at the root's NCCL first.
    /// </summary>
    [Fact]
    public void The_first_root_holding_nvrtc_cublas_and_cudnn_supplies_all_of_them()
    {
        using var temp = new ScratchFolder("multimix-roots-");
        var lone = Directory.CreateDirectory(Path.Combine(temp.Path, "lone-cudnn")).FullName;
        File.WriteAllText(Path.Combine(lone, "libcudnn.so.9"), "not an ELF file");
        File.WriteAllText(Path.Combine(lone, "libnccl.so.2"), "not an ELF file");
        var venv = FakeVenv(temp.Path, ("cu13", "libnvrtc.so.13"), ("cu13", "libcublas.so.13"), ("cudnn", "libcudnn.so.9"), ("nccl", "libnccl.so.2"));
        var environment = Machine(lone, venv);

        var roots = LibrarySearchPath.Roots(environment);
        Assert.Equal(LibrarySearchPath.PathVariable, roots[0].Origin);
        Assert.False(LibraryDiscovery.HoldsAll(roots[0]));
        var set = LibraryDiscovery.Resolve(environment);
        Assert.NotNull(set.Root);
        Assert.StartsWith("pip packages of ", set.Root.Origin, StringComparison.Ordinal);
        Assert.Contains(PipLib(venv, "cu13"), set.Root.Folders);
        Assert.Contains(Path.Combine(PipLib(venv, "cudnn"), "libcudnn.so.9"), set[CudaLibrary.Cudnn].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(lone, set[CudaLibrary.Cudnn].Reason, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(PipLib(venv, "cu13"), "libcublas.so.13"), set[CudaLibrary.Cublas].Reason, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(PipLib(venv, "nccl"), "libnccl.so.2"), set.NcclPath);
        var ncclFolders = NcclSearchPath.Folders(environment);
        Assert.Equal(PipLib(venv, "nccl"), ncclFolders[0]);
        Assert.Contains(lone, ncclFolders.Skip(1));
    }

    [Fact]
    public void Without_a_complete_root_each_library_is_searched_for_on_its_own()
    {
        using var temp = new ScratchFolder("multimix-roots-");
        var venv = FakeVenv(temp.Path, ("cu13", "libnvrtc.so.13"), ("cu13", "libcublas.so.13"));
        var environment = Machine(virtualEnv: venv);
        Assert.DoesNotContain(LibrarySearchPath.Roots(environment), LibraryDiscovery.HoldsAll);
        var set = LibraryDiscovery.Resolve(environment);
        Assert.Null(set.Root);
        Assert.Contains(Path.Combine(PipLib(venv, "cu13"), "libcublas.so.13"), set[CudaLibrary.Cublas].Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// cuDNN's sub-libraries need one another: loading them in name order fails for one that needs a later one. The
    /// preload retries in passes, so all load. Built here with g++: libmmtest_a needs libmmtest_b (by soname), and
    /// neither is on the loader's path.
    /// </summary>
    [GxxFact]
    public void Companions_are_preloaded_by_pattern_in_passes_until_all_that_can_load_have()
    {
        using var folder = new ScratchFolder("multimix-companions-");
        File.WriteAllText(Path.Combine(folder.Path, "b.c"), "int mmtest_b(void) { return 7; }\n");
        File.WriteAllText(Path.Combine(folder.Path, "a.c"), "int mmtest_b(void);\nint mmtest_a(void) { return mmtest_b() + 1; }\n");
        Gxx.Run(folder.Path, "-x", "c", "-shared", "-fPIC", "-Wl,-soname,libmmtest_b.so.9", "-o", "libmmtest_b.so.9", "b.c");
        Gxx.Run(folder.Path, "-x", "c", "-shared", "-fPIC", "-Wl,-soname,libmmtest_a.so.9", "-o", "libmmtest_a.so.9", "a.c", "-L.", "-l:libmmtest_b.so.9");
        File.WriteAllText(Path.Combine(folder.Path, "libmmtest_z.so.9"), "not an ELF file");

        var loaded = LibraryDiscovery.PreloadCompanions(folder.Path, ["libmmtest_*.so.9"]);
        Assert.Equal(["libmmtest_b.so.9", "libmmtest_a.so.9"], loaded);
    }

    [Fact]
    public void Doctor_never_throws_and_ends_with_where_multimix_will_run()
    {
        var writer = new StringWriter();
        Assert.Equal(0, CudaDoctor.Run(writer));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        if (!LibraryDiscovery.Driver.Found)
        {
            Assert.StartsWith($"{CudaDoctor.CpuVerdict}libcuda.so.1 not found", lines[^1], StringComparison.Ordinal);
        }
        Assert.True(lines[^1] == CudaDoctor.GpuVerdict || lines[^1].StartsWith(CudaDoctor.CpuVerdict, StringComparison.Ordinal), lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("Library roots, in order:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Libraries", StringComparison.Ordinal));
    }
}
