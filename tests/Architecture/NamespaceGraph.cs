using System.Reflection;
using System.Reflection.Emit;

namespace MultiMix.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled code: base types, interfaces, fields,
/// properties, signatures, locals and every type, method and field a method body names. So a reference counts
/// however it is written in the source (a using, a fully or partly qualified name, a var).
/// </summary>
public static class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>For each namespace under <paramref name="prefix"/>, the other namespaces under it that its types use.</summary>
    public static SortedDictionary<string, SortedSet<string>> Of(Assembly assembly, string prefix)
    {
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = type.Namespace;
            if (!Within(from, prefix)) continue;
            var edges = graph.TryGetValue(from!, out var set) ? set : graph[from!] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var used in UsedTypes(type))
            {
                foreach (var t in Expand(used))
                {
                    if (Within(t.Namespace, prefix) && t.Namespace != from) edges.Add(t.Namespace!);
                }
            }
        }
        return graph;
    }

    /// <summary>A cycle of namespaces as "A → B → A", or null when the graph has none.</summary>
    public static string? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        string? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges : [])
            {
                var s = state.GetValueOrDefault(next);
                if (s == 1) return string.Join(" → ", path.Skip(path.IndexOf(next)).Append(next));
                if (s == 0 && Visit(next) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        return graph.Keys.Where(k => state.GetValueOrDefault(k) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    public static string Describe(IReadOnlyDictionary<string, SortedSet<string>> graph, string prefix) =>
        string.Join(Environment.NewLine, graph.Select(e => $"{Short(e.Key, prefix)} → {(e.Value.Count == 0 ? "(nothing)" : string.Join(", ", e.Value.Select(v => Short(v, prefix))))}"));

    private static string Short(string name, string prefix) => name.Length > prefix.Length ? name[(prefix.Length + 1)..] : name;

    private static bool Within(string? name, string prefix) => name is not null && (name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(Declared)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Declared)) yield return p.PropertyType;
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi) yield return mi.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
            foreach (var t in BodyTypes(type, m)) yield return t;
        }
    }

    /// <summary>The types a method body names: its locals and the operands of its instructions.</summary>
    private static IEnumerable<Type> BodyTypes(Type type, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? unchecked((short)(0xFE00 | il[i + 1])) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = s_opCodes[code];
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                foreach (var t in MemberTypes(member)) yield return t;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo? member)
    {
        switch (member)
        {
            case Type t:
                yield return t;
                break;
            case FieldInfo f:
                yield return f.DeclaringType!;
                yield return f.FieldType;
                break;
            case MethodBase m:
                if (m.DeclaringType is { } d) yield return d;
                if (m is MethodInfo mi)
                {
                    yield return mi.ReturnType;
                    if (mi.IsGenericMethod)
                    {
                        foreach (var a in mi.GetGenericArguments()) yield return a;
                    }
                }
                foreach (var p in m.GetParameters()) yield return p.ParameterType;
                break;
        }
    }

    /// <summary>A type with its element type and generic arguments, recursively; generic parameters are skipped.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!)) yield return t;
            yield break;
        }
        yield return type;
        if (!type.IsGenericType) yield break;
        foreach (var a in type.GetGenericArguments())
        {
            foreach (var t in Expand(a)) yield return t;
        }
    }
}
