namespace MultiMix.Tensors.Diagnostics;

/// <summary>
/// Names the part of the work running on this thread ("saliency", "forward", "backward", ...), so that a
/// <see cref="ProfilingBackend"/> can say which part the kernels and the memory belong to. Without a profiler it
/// only sets a thread-static field.
/// </summary>
public static class ProfileRegion
{
    [ThreadStatic]
    private static string? s_current;

    /// <summary>The innermost region entered on this thread, or null.</summary>
    public static string? Current => s_current;

    /// <summary>Enters <paramref name="name"/> until the returned handle is disposed.</summary>
    public static Scope Enter(string name)
    {
        var previous = s_current;
        s_current = name;
        return new Scope(previous);
    }

    /// <summary>Restores the enclosing region when disposed.</summary>
    public readonly struct Scope(string? previous) : IDisposable
    {
        public void Dispose() => s_current = previous;
    }
}
