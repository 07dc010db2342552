namespace MultiMix.Kernels.Discovery;

/// <summary>
/// What library discovery reads from the process: the variables that name folders or Python environments, and the
/// home folder. A snapshot, so that tests can describe a machine without changing their own environment.
/// </summary>
internal sealed record SearchEnvironment(string? CudaPath, string? LoaderPath, string? VirtualEnv, string? CondaPrefix, string? ExecutablePath, string Home)
{
    public static SearchEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable(LibrarySearchPath.PathVariable),
        Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"),
        Environment.GetEnvironmentVariable("VIRTUAL_ENV"),
        Environment.GetEnvironmentVariable("CONDA_PREFIX"),
        Environment.GetEnvironmentVariable("PATH"),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The ':'-separated folders of a PATH-like variable, empty entries dropped.</summary>
    public static IReadOnlyList<string> Split(string? value) => (value ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
}
