namespace MultiMix.Tests.Support;

/// <summary>The repository the tests were built from: the nearest folder above the test binaries holding MultiMix.Native.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MultiMix.Native.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"no MultiMix.Native.sln above {AppContext.BaseDirectory}");
    }
}
