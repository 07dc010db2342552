using System.Diagnostics;
using MultiMix.Tests.Kernels.Emulation;
using Xunit;

namespace MultiMix.Tests.Kernels;

/// <summary>g++ on PATH, to build small native libraries for a test.</summary>
internal static class Gxx
{
    public static string? Path => EmulatorLibrary.FindCompiler();

    public static void Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("g++ not found")) { WorkingDirectory = folder, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"g++ {string.Join(' ', arguments)} failed: {errors}");
    }
}

/// <summary>A fact that needs g++; skipped, saying so, without it.</summary>
public sealed class GxxFactAttribute : FactAttribute
{
    public GxxFactAttribute()
    {
        if (Gxx.Path is null) Skip = "g++ not found on PATH; scripts/install-deps.sh installs it";
    }
}
