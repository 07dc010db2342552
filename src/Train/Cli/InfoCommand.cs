using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix info`: what a checkpoint holds: architecture, epoch, whether it can be resumed, and the run configuration that made it.</summary>
internal sealed class InfoCommand : CliCommand
{
    private readonly Option<string?> _checkpoint;

    public InfoCommand()
        : base("info",
            "Describes a checkpoint: its architecture and size, the epoch and validation loss it was saved at, whether it can be resumed, " +
            "and the train command line that reproduces its run.") =>
        _checkpoint = Required(OptionValues.Text("--checkpoint", "FILE", "Checkpoint to describe"));

    public override int Run(ParseResult parsed, RunConsole console, CancellationToken cancel)
    {
        CheckpointInfo.Write(parsed.GetValue(_checkpoint)!, console.Results);
        return 0;
    }
}
