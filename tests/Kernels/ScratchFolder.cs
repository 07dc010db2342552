namespace MultiMix.Tests.Kernels;

/// <summary>A fresh temporary folder, deleted with its contents on dispose — also when the test failed before creating anything in it.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
