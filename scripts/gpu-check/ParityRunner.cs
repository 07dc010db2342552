using System.Reflection;
using MultiMix.Tests.Kernels.Emulation;
using Xunit;
using Xunit.Sdk;

namespace MultiMix.GpuCheck;

/// <summary>A minimal xunit runner for the kernel parity tests: every fact and theory row of the KernelParity classes.</summary>
public static class ParityRunner
{
    public static void RunAll(Action<string, Func<KernelParity>, Action<KernelParity>> runCase)
    {
        var classes = typeof(KernelParity).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(KernelParity)) && !t.IsAbstract).OrderBy(t => t.Name);
        foreach (var type in classes)
        {
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null))
            {
                var rows = method.GetCustomAttributes<DataAttribute>().SelectMany(d => d.GetData(method)).ToList();
                if (rows.Count == 0) rows.Add([]);
                foreach (var row in rows)
                {
                    runCase($"{type.Name}.{method.Name}({string.Join(", ", row)})", () => (KernelParity)Activator.CreateInstance(type)!, instance => method.Invoke(instance, row));
                }
            }
        }
    }

    /// <summary>
    /// Runs one case and records it; the instance (and the device buffers it holds) is disposed whether the case
    /// passed or failed, so one failure does not leak memory into the cases after it.
    /// </summary>
    public static CheckRow RunCase<T>(string part, string label, Func<T> create, Action<T> body)
        where T : IDisposable
    {
        try
        {
            var instance = create();
            try
            {
                body(instance);
            }
            finally
            {
                instance.Dispose();
            }
            return new CheckRow(part, label, "matches the CPU backend", "matches", true);
        }
        catch (Exception e)
        {
            var error = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            return new CheckRow(part, label, "matches the CPU backend", error.Message.ReplaceLineEndings(" "), false);
        }
    }
}
