using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix eval`: the paper's metrics for one or more checkpoints on in-domain and cross-domain test sets.</summary>
internal sealed class EvalCommand : CliCommand
{
    private readonly Option<string?> _checkpoints;
    private readonly Option<string?> _out = OptionValues.Text("--out", "DIR", "Output folder").Default(EvalRun.DefaultOutput);
    private readonly ModelOptionSet _model = new();
    private readonly DeviceOption _device = new();
    private readonly DataOptionSet _data = new();

    public EvalCommand()
        : base("eval",
            "Evaluates checkpoints on the test sets (in-domain and cross-domain): prints the paper's metrics and writes metrics.csv/json, " +
            "per_image.csv (for box plots), classification.csv and a report folder to --out. Data options are those of train.")
    {
        _checkpoints = Required(OptionValues.Text("--checkpoint", "FILE[,FILE…]", "Checkpoint(s) to evaluate; several give one table and one box per model"));
        Add([_out, .. _model.Options, _device.Option, .. _data.Options]);
        _data.AddValidators(Command);
    }

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        var paths = r.GetValue(_checkpoints)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0) throw new CliException("option --checkpoint names no file.");
        var data = _data.Read(r);
        using var device = _device.Open(r);
        var backend = device.Backend;
        var fallback = _model.Read(r, RunDefaults.Training(data).Model);
        EvalRun.Run(paths, fallback, _model.Request(r), data, r.GetValue(_out) ?? EvalRun.DefaultOutput, backend, console, cancel);
        return 0;
    }
}
