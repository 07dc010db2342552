using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;
using MultiMix.Train.Data;

namespace MultiMix.Train.Runs;

/// <summary>Evaluates one or more checkpoints on the test sets (in-domain and cross-domain): one table, one box per model, one report.</summary>
public static class EvalRun
{
    public const string DefaultOutput = "runs/eval";

    /// <summary><paramref name="fallback"/> is the architecture of checkpoints that carry none (PyTorch exports); <paramref name="request"/> the architecture options given, named when a checkpoint overrides them.</summary>
    public static void Run(IReadOnlyList<string> checkpoints, ModelConfig fallback, ArchitectureRequest request, DataSpec data, string outFolder, IBackend backend, RunConsole console, CancellationToken cancel)
    {
        OutputFolder.Create(outFolder);
        var sets = data.Open();
        foreach (var line in sets.Summary) console.Status.WriteLine($"Data: {line}");
        DataChecking.Run(sets.Tests(), "nothing was evaluated", console, cancel);
        var entries = new List<RunReport.Entry>();
        try
        {
            var names = Names(checkpoints);
            for (var i = 0; i < checkpoints.Count; i++)
            {
                var model = ModelLoader.Load(checkpoints[i], backend, fallback, request, console.Status);
                var name = checkpoints.Count == 1 ? model.Config.Variant.Name() : $"{model.Config.Variant.Name()} ({names[i]})";
                entries.Add(new RunReport.Entry(name, model));
            }
            KeyValuePair<string, string>[] summary =
            [
                new("checkpoints", string.Join(", ", checkpoints)),
                new("data", data.Description),
                .. RunReport.DataLines(sets),
                new("device", backend.Name),
            ];
            RunReport.EvaluateAndWrite(entries, sets, outFolder, "MultiMix.Native evaluation", summary, [], console.Results, console.Status);
        }
        finally
        {
            foreach (var e in entries) e.Model.Dispose();
        }
    }

    /// <summary>
    /// A name per checkpoint that tells them apart: "folder/file" (file without extension), with more parent
    /// folders where those collide, and a number where even the whole paths are the same.
    /// </summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> checkpoints)
    {
        var full = checkpoints.Select(Path.GetFullPath).ToList();
        var depth = 2;
        var names = full.Select(f => Tail(f, depth)).ToList();
        while (names.Select((n, i) => (Name: n, Path: full[i])).GroupBy(x => x.Name).Any(g => g.Select(x => x.Path).Distinct().Count() > 1))
        {
            depth++;
            names = [.. full.Select(f => Tail(f, depth))];
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var count = seen.GetValueOrDefault(names[i]) + 1;
            seen[names[i]] = count;
            if (count > 1) names[i] += $" #{count}";
        }

        return names;
    }

    /// <summary>The file name without extension and the <paramref name="depth"/> − 1 folders above it, joined by '/'.</summary>
    private static string Tail(string fullPath, int depth)
    {
        var parts = fullPath.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        return string.Join('/', parts[Math.Max(0, parts.Length - depth)..^1].Append(Path.GetFileNameWithoutExtension(parts[^1])));
    }
}
