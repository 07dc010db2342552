using MultiMix.Distributed.Native;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Distributed;

public sealed class SharedLibraryTests
{
    [Fact]
    public void TheFirstFolderHoldingALoadableFileWins()
    {
        using var temp = new TempFolder();
        var empty = temp.Folder("empty");
        var system = SharedLibrary.Search("libm", ["libm.so.6"], [empty, "/usr/lib/x86_64-linux-gnu", null]);
        Assert.True(system.Found, system.ToString());
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libm.so.6", system.Path);
    }

    [Fact]
    public void AFileThatDoesNotLoadIsReportedAndTheSearchGoesOn()
    {
        using var temp = new TempFolder();
        var broken = temp.Folder("broken");
        File.WriteAllText(Path.Combine(broken, "libm.so.6"), "not a library");
        var found = SharedLibrary.Search("libm", ["libm.so.6"], [broken, "/usr/lib/x86_64-linux-gnu"]);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libm.so.6", found.Path);
        var missing = SharedLibrary.Search("NCCL", ["libnccl.so.2"], [broken]);
        Assert.False(missing.Found);
        Assert.Equal($"none of libnccl.so.2 in {broken}", missing.Reason);
        var unloadable = SharedLibrary.Search("libm", ["libm.so.6"], [broken]);
        Assert.Equal($"libm: not found ({Path.Combine(broken, "libm.so.6")} exists but did not load)", unloadable.ToString());
        Assert.Throws<DllNotFoundException>(() => unloadable.Export("cos"));
    }
}
