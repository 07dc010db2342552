using System.Reflection;
using System.Runtime.InteropServices;

namespace MultiMix.Tests.Distributed;

/// <summary>The C entry points a binding class declares with [LibraryImport].</summary>
internal static class Bindings
{
    public static IReadOnlyList<string> EntryPoints(Type bindings) =>
    [
        .. bindings.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Select(m => (Method: m, Import: m.GetCustomAttribute<LibraryImportAttribute>()))
            .Where(x => x.Import is not null)
            .Select(x => x.Import!.EntryPoint ?? x.Method.Name)
            .Order(StringComparer.Ordinal),
    ];
}
