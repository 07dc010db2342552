using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix predict`: lung mask, overlay, saliency heat map and class probabilities for images.</summary>
internal sealed class PredictCommand : CliCommand
{
    private readonly Option<string?> _checkpoint;
    private readonly Option<string?> _input;
    private readonly Option<string?> _out = OptionValues.Text("--out", "DIR", "Output folder").Default(PredictRun.DefaultOutput);
    private readonly Option<bool> _saveLogits = OptionValues.Flag("--save-logits", "Also write <name>_logits.safetensors: the network input and its raw segmentation and class logits");
    private readonly ModelOptionSet _model = new();
    private readonly DeviceOption _device = new();

    public PredictCommand()
        : base("predict",
            "Runs a checkpoint on a PNG/JPEG image or a folder of them (any size, gray or colour) and writes, per image, <name>_mask.png, " +
            "<name>_overlay.png (predicted lung boundary), <name>_saliency.png (heat map) and <name>.json (class probabilities) to --out " +
            "(<name>_<ext>… where two images differ only in the extension). Every image of a folder is processed; unreadable ones are listed at the end (exit code 2).")
    {
        _checkpoint = Required(OptionValues.Text("--checkpoint", "FILE", "Checkpoint to run"));
        _input = Required(OptionValues.Text("--input", "PATH", "An image file or a folder of images"));
        _input.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } path && !File.Exists(path) && !Directory.Exists(path)) r.AddError($"option --input: {path} does not exist.");
        });
        Add([_out, _saveLogits, .. _model.Options, _device.Option]);
    }

    public override int Run(ParseResult r, RunConsole console, CancellationToken cancel)
    {
        using var device = _device.Open(r);
        var backend = device.Backend;
        var fallback = _model.Read(r, RunDefaults.Paper.Model);
        PredictRun.Run(r.GetValue(_checkpoint)!, r.GetValue(_input)!, r.GetValue(_out) ?? PredictRun.DefaultOutput, r.GetValue(_saveLogits), fallback, _model.Request(r), backend, console, cancel);
        return 0;
    }
}
