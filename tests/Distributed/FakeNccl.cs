using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MultiMix.Distributed.Native;
using Xunit;

namespace MultiMix.Tests.Distributed;

/// <summary>
/// Builds fake_nccl.cpp (copied to Distributed/ beside the tests) with g++ into a folder as libnccl.so.2, makes it the library
/// the NCCL bindings use in this process, and reads the calls it recorded.
/// </summary>
internal static unsafe class FakeNccl
{
    private static readonly Lazy<SharedLibrary> s_library = new(Build);

    public static string? UnavailableReason => Compiler() is null ? "g++ not found on PATH; scripts/install-deps.sh installs it" : null;

    /// <summary>The fake, loaded as the NCCL of this process (the tests that use it run one at a time).</summary>
    public static SharedLibrary Library => s_library.Value;

    public static string Log()
    {
        var read = (delegate* unmanaged<byte*, int, int>)Library.Export("fake_nccl_log");
        var length = read(null, 0);
        var text = new byte[length + 1];
        fixed (byte* p = text) read(p, text.Length);
        return Encoding.UTF8.GetString(text, 0, length);
    }

    public static void Reset() => ((delegate* unmanaged<void>)Library.Export("fake_nccl_reset"))();

    public static void SetVersion(int code) => ((delegate* unmanaged<int, void>)Library.Export("fake_nccl_set_version"))(code);

    private static SharedLibrary Build()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Distributed", "fake_nccl.cpp");
        string[] flags = ["-std=c++17", "-O1", "-fPIC", "-shared", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror", "-Wl,-soname,libnccl.so.2"];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source) + string.Join(' ', flags))));
        var folder = Path.Combine(AppContext.BaseDirectory, "fake-nccl", hash[..16]);
        var library = Path.Combine(folder, NcclLibrary.FileName);
        if (!File.Exists(library))
        {
            Directory.CreateDirectory(folder);
            var temporary = $"{library}.{Environment.ProcessId}.tmp";
            var start = new ProcessStartInfo(Compiler()!) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in flags.Concat(["-o", temporary, source])) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"g++ failed to build the fake NCCL:\n{output}{errors.Result}");
            File.Move(temporary, library, overwrite: true);
        }
        var loaded = NcclLibrary.Load([folder]);
        Assert.True(loaded.Path == library, $"the NCCL bindings were already bound to {loaded} in this process, not the fake");
        return loaded;
    }

    private static string? Compiler() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "g++"))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs the fake NCCL (g++); skipped, saying why, without.</summary>
public sealed class FakeNcclFactAttribute : FactAttribute
{
    public FakeNcclFactAttribute()
    {
        if (FakeNccl.UnavailableReason is { } reason) Skip = reason;
    }
}

/// <summary>The tests that bind NCCL share one process-wide library, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NcclCollection
{
    public const string Name = "NCCL bindings";
}
