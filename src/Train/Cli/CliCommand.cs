using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>
/// A `multimix` subcommand: its options (<see cref="Command"/>) and how the parsed options become a run. A
/// command parses and prints; the work is done by the run it calls (MultiMix.Train.Runs).
/// </summary>
internal abstract class CliCommand
{
    protected CliCommand(string name, string summary) => Command = new Command(name, summary);

    public Command Command { get; }

    /// <summary>Runs with parsed, valid options; returns the exit code.</summary>
    public abstract int Run(ParseResult parsed, RunConsole console, CancellationToken cancel);

    protected void Add(IEnumerable<Option> options)
    {
        foreach (var option in options) Command.Add(option);
    }

    /// <summary>Adds an option that must be given; its help says so.</summary>
    protected Option<T> Required<T>(Option<T> option)
    {
        option.Description += " (required)";
        Command.Add(option);
        Command.Validators.Add(r =>
        {
            if (r.GetResult(option) is null) r.AddError($"option {option.Name} is required.");
        });
        return option;
    }
}
