using System.Security.Cryptography;
using System.Text;

namespace MultiMix.Kernels.Compilation;

/// <summary>
/// Compiled kernels on disk (CUBIN or PTX), keyed by SHA-256 of the source (with its headers), the compile options
/// (which name the architecture), the image kind and the NVRTC version, so a change to any of them compiles afresh.
/// Files are written to a temporary name and renamed into place, so concurrent processes never read a partial file
/// (the last rename wins, with identical contents). Folder: <c>MULTIMIX_KERNEL_CACHE</c>, else
/// <c>~/.cache/multimix/kernels</c>.
/// </summary>
internal sealed class KernelCache(string folder)
{
    public const string FolderVariable = "MULTIMIX_KERNEL_CACHE";

    public string Folder { get; } = folder;

    public static KernelCache Default()
    {
        var configured = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(configured)) return new KernelCache(configured);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new KernelCache(Path.Combine(home.Length > 0 ? home : Path.GetTempPath(), ".cache", "multimix", "kernels"));
    }

    public static string Key(KernelSource source, IReadOnlyList<KernelSource> headers, IReadOnlyList<string> options, KernelImageKind kind, (int Major, int Minor) nvrtcVersion)
    {
        var text = new StringBuilder();
        text.Append("nvrtc ").Append(nvrtcVersion.Major).Append('.').Append(nvrtcVersion.Minor).Append('\n');
        text.Append("image ").Append(kind).Append('\n');
        foreach (var option in options) text.Append("option ").Append(option).Append('\n');
        foreach (var part in headers.Append(source)) text.Append("file ").Append(part.Name).Append('\n').Append(part.Text).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The file an image of <paramref name="name"/> with <paramref name="key"/> is stored in.</summary>
    public string PathFor(string name, string key, KernelImageKind kind) =>
        Path.Combine(Folder, $"{Path.GetFileNameWithoutExtension(name)}-{key}.{(kind == KernelImageKind.Cubin ? "cubin" : "ptx")}");

    /// <summary>The cached image for <paramref name="key"/>, or <paramref name="compile"/>'s result, stored for next time.</summary>
    public byte[] GetOrAdd(string name, string key, KernelImageKind kind, Func<byte[]> compile)
    {
        var path = PathFor(name, key, kind);
        if (File.Exists(path)) return File.ReadAllBytes(path);
        var image = compile();
        Directory.CreateDirectory(Folder);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, image);
        File.Move(temporary, path, overwrite: true);
        return image;
    }
}
