using System.Reflection;
using System.Text.RegularExpressions;

namespace MultiMix.Kernels.Compilation;

/// <summary>One CUDA source file embedded in the assembly.</summary>
internal sealed record KernelSource(string Name, string Text)
{
    /// <summary>The <c>extern "C" __global__</c> functions the file defines, in order.</summary>
    public IReadOnlyList<string> EntryPoints => KernelSources.EntryPointsOf(Text);
}

/// <summary>The kernels-cu/*.cu files and their headers (*.cuh), as embedded resources of this assembly.</summary>
internal static partial class KernelSources
{
    private const string Prefix = "kernels-cu/";

    private static readonly Lazy<(IReadOnlyList<KernelSource> Files, IReadOnlyList<KernelSource> Headers)> s_all = new(Load);

    /// <summary>The compilable sources (*.cu), sorted by name.</summary>
    public static IReadOnlyList<KernelSource> Files => s_all.Value.Files;

    /// <summary>The headers the sources include (*.cuh), sorted by name.</summary>
    public static IReadOnlyList<KernelSource> Headers => s_all.Value.Headers;

    public static IReadOnlyList<string> EntryPointsOf(string source) =>
        [.. EntryPointPattern().Matches(source).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"extern\s+""C""\s+__global__\s+void\s+(\w+)\s*\(")]
    private static partial Regex EntryPointPattern();

    private static (IReadOnlyList<KernelSource>, IReadOnlyList<KernelSource>) Load()
    {
        var assembly = typeof(KernelSources).Assembly;
        var sources = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new KernelSource(n[Prefix.Length..], Read(assembly, n)))
            .ToList();
        return ([.. sources.Where(s => s.Name.EndsWith(".cu", StringComparison.Ordinal))],
                [.. sources.Where(s => s.Name.EndsWith(".cuh", StringComparison.Ordinal))]);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
