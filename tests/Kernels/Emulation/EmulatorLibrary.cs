using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MultiMix.Kernels.Compilation;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>
/// Builds libmultimix_emu.so with g++ from the kernel sources embedded in MultiMix.Kernels (the very text NVRTC
/// compiles), kernels-cu/emulation/cuda_emu.h and the emulator's self-test kernels, then loads it. The library
/// is a build output under the test's bin folder, keyed by a hash of its inputs, and built once per run.
/// </summary>
public static class EmulatorLibrary
{
    private static readonly Lazy<(nint Handle, string? Error)> s_library = new(Build);

    /// <summary>The loaded library, or why it could not be built (no g++, no repository checkout).</summary>
    public static (nint Handle, string? Error) Library => s_library.Value;

    public static string? UnavailableReason
    {
        get
        {
            if (FindCompiler() is null) return "g++ not found on PATH; scripts/install-deps.sh installs it";
            return FindEmulationHeader() is null ? "kernels-cu/emulation/cuda_emu.h not found above the test folder" : null;
        }
    }

    private static (nint, string?) Build()
    {
        if (UnavailableReason is { } reason) return (0, reason);
        var compiler = FindCompiler()!;
        var header = FindEmulationHeader()!;
        var selfTest = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(header)!)!)!, "tests", "Kernels", "Emulation", "emulator_selftest.cu");
        var files = KernelSources.Headers.Concat(KernelSources.Files)
            .Append(new KernelSource("cuda_emu.h", File.ReadAllText(header)))
            .Append(new KernelSource("emulator_selftest.cu", File.ReadAllText(selfTest)))
            .ToList();
        // -ffp-contract=off: never fuse a multiply and an add, as the CPU backend and the kernels (NVRTC --fmad=false) do not.
        string[] flags = ["-std=c++17", "-O2", "-g", "-ffp-contract=off", "-fPIC", "-shared", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"];
        var unity = Unity([.. KernelSources.Files.Append(files[^1])]);
        var hash = Hash(files, unity, flags);
        var folder = Path.Combine(AppContext.BaseDirectory, "emu", hash[..16]);
        var library = Path.Combine(folder, "libmultimix_emu.so");
        if (!File.Exists(library))
        {
            Directory.CreateDirectory(folder);
            foreach (var file in files) File.WriteAllText(Path.Combine(folder, file.Name), file.Text);
            File.WriteAllText(Path.Combine(folder, "unity.cpp"), unity);
            var temporary = $"{library}.{Environment.ProcessId}.tmp";
            var (exit, log) = RunCompiler(compiler, folder, [.. flags, "-o", temporary, "unity.cpp"]);
            if (exit != 0) throw new InvalidOperationException($"g++ failed to build the emulator:{Environment.NewLine}{log}");
            File.Move(temporary, library, overwrite: true);
        }
        return (NativeLibrary.Load(library), null);
    }

    /// <summary>One translation unit: the emulation header, every source, and the table of kernels by name.</summary>
    private static string Unity(IReadOnlyList<KernelSource> sources)
    {
        var text = new StringBuilder("#include \"cuda_emu.h\"\n");
        foreach (var source in sources) text.Append("#include \"").Append(source.Name).Append("\"\n");
        text.Append("static const emu::Kernel kernel_table[] = {\n");
        foreach (var entry in sources.SelectMany(s => s.EntryPoints))
        {
            text.Append("    emu::kernel(\"").Append(entry).Append("\", &").Append(entry).Append("),\n");
        }
        text.Append("};\nMULTIMIX_EMULATION_EXPORTS(kernel_table)\n");
        return text.ToString();
    }

    private static string Hash(IEnumerable<KernelSource> files, string unity, IEnumerable<string> flags)
    {
        var text = new StringBuilder(unity);
        foreach (var flag in flags) text.Append(flag).Append('\n');
        foreach (var file in files) text.Append(file.Name).Append('\n').Append(file.Text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static (int Exit, string Log) RunCompiler(string compiler, string folder, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(compiler) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {compiler}");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + errors.Result);
    }

    internal static string? FindCompiler() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "g++"))
            .FirstOrDefault(File.Exists);

    private static string? FindEmulationHeader()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var header = Path.Combine(folder.FullName, "kernels-cu", "emulation", "cuda_emu.h");
            if (File.Exists(header)) return header;
        }
        return null;
    }
}
