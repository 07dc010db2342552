using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;

namespace MultiMix.Train.Runs;

/// <summary>Evaluates one or more checkpoints on the test sets (in-domain and cross-domain): one table, one box per model, one report.</summary>
public static class EvalRun
{
    public const string DefaultOutput = "runs/eval";

    /// <summary><paramref name="fallback"/> is the architecture of checkpoints that carry none (PyTorch exports).</summary>
    public static void Run(IReadOnlyList<string> checkpoints, ModelConfig fallback, DataSpec data, string outFolder, IBackend backend, RunConsole console)
    {
        var sets = data.Open();
        var entries = new List<RunReport.Entry>();
        try
        {
            foreach (var path in checkpoints)
            {
                var model = ModelLoader.Load(path, backend, fallback);
                var name = checkpoints.Count == 1 ? model.Config.Variant.Name() : $"{model.Config.Variant.Name()} ({Path.GetFileNameWithoutExtension(path)})";
                entries.Add(new RunReport.Entry(name, model));
            }
            KeyValuePair<string, string>[] summary =
            [
                new("checkpoints", string.Join(", ", checkpoints)),
                new("data", data.Description),
                new("device", backend.Name),
            ];
            RunReport.EvaluateAndWrite(entries, sets, outFolder, "MultiMix.Native evaluation", summary, [], console.Results, console.Status);
        }
        finally
        {
            foreach (var e in entries) e.Model.Dispose();
        }
    }
}
