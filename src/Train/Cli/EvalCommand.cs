using MultiMix.Model.Networks;
using MultiMix.Train.Evaluation;

namespace MultiMix.Train.Cli;

/// <summary>`multimix eval`: the paper's metrics for one or more checkpoints on in-domain and cross-domain test sets.</summary>
public sealed class EvalCommand : ICommand
{
    public string Name => "eval";

    public string Summary =>
        "Evaluates checkpoints on the test sets (in-domain and cross-domain): prints the paper's metrics and writes metrics.csv/json, " +
        "per_image.csv (for box plots), classification.csv and a report folder to --out. Data options are those of train.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("checkpoint", "FILE[,FILE…]", "Checkpoint(s) to evaluate; several give one table and one box per model"),
        new("out", "DIR", "Output folder", "runs/eval"),
        .. ModelOptions.Specs,
        .. DataOptions.Specs,
    ];

    public int Run(ArgParser a, TextWriter output, TextWriter status, CancellationToken cancel)
    {
        var paths = a.Required("checkpoint").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0) throw new CliException("option --checkpoint names no file.");
        using var device = ModelOptions.Backend(a);
        var backend = device.Backend;
        var fallback = ModelOptions.Config(a, DataOptions.IsSynthetic(a) ? 64 : 256);
        var data = DataOptions.Build(a);
        var entries = new List<RunReport.Entry>();
        try
        {
            foreach (var path in paths)
            {
                var model = ModelLoader.Load(path, backend, fallback);
                var name = paths.Length == 1 ? model.Config.Variant.CliName() : $"{model.Config.Variant.CliName()} ({Path.GetFileNameWithoutExtension(path)})";
                entries.Add(new RunReport.Entry(name, model));
            }
            KeyValuePair<string, string>[] summary =
            [
                new("checkpoints", string.Join(", ", paths)),
                new("data", DataOptions.IsSynthetic(a) ? "built-in synthetic chest X-rays (domain A in-domain, domain B cross-domain)" : "as given on the command line"),
                new("device", backend.Name),
            ];
            RunReport.EvaluateAndWrite(entries, data, a.Required("out"), "MultiMix.Native evaluation", summary, [], output, status);
        }
        finally
        {
            foreach (var e in entries) e.Model.Dispose();
        }
        return 0;
    }
}
