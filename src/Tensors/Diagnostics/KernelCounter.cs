using System.Collections.Concurrent;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>
/// Counts the kernels a backend has run, by <see cref="BackendCall.Name"/>. Tests use it to prove what did not run
/// (for example that an input-only gradient launched no weight-gradient kernel).
/// </summary>
public sealed class KernelCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public void Add(string kernel) => _counts.AddOrUpdate(kernel, 1, (_, c) => c + 1);

    public long this[string kernel] => _counts.TryGetValue(kernel, out var c) ? c : 0;

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts);

    public void Reset() => _counts.Clear();
}
