using System.Security.Cryptography;
using System.Text;

namespace MultiMix.Kernels.Compilation;

/// <summary>
/// PTX on disk, keyed by SHA-256 of the source (with its headers), the compile options and the NVRTC version, so
/// a change to any of them compiles afresh. Files are written to a temporary name and renamed into place, so
/// concurrent processes never read a partial file (the last rename wins, with identical contents).
/// Folder: <c>MULTIMIX_KERNEL_CACHE</c>, else <c>~/.cache/multimix/ptx</c>.
/// </summary>
public sealed class PtxCache(string folder)
{
    public const string FolderVariable = "MULTIMIX_KERNEL_CACHE";

    public string Folder { get; } = folder;

    public static PtxCache Default()
    {
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(configured)) return new PtxCache(configured);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new PtxCache(Path.Combine(home.Length > 0 ? home : Path.GetTempPath(), ".cache", "multimix", "ptx"));
    }

    public static string Key(KernelSource source, IReadOnlyList<KernelSource> headers, IReadOnlyList<string> options, (int Major, int Minor) nvrtcVersion)
    {
        var text = new StringBuilder();
        text.Append("nvrtc ").Append(nvrtcVersion.Major).Append('.').Append(nvrtcVersion.Minor).Append('\n');
        foreach (var option in options) text.Append("option ").Append(option).Append('\n');
        foreach (var part in headers.Append(source)) text.Append("file ").Append(part.Name).Append('\n').Append(part.Text).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The cached PTX for <paramref name="key"/>, or <paramref name="compile"/>'s result, stored for next time.</summary>
    public string GetOrAdd(string name, string key, Func<string> compile)
    {
        var path = Path.Combine(Folder, $"{Path.GetFileNameWithoutExtension(name)}-{key}.ptx");
        if (File.Exists(path)) return File.ReadAllText(path);
        var ptx = compile();
        Directory.CreateDirectory(Folder);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, ptx);
        File.Move(temporary, path, overwrite: true);
        return ptx;
    }
}
