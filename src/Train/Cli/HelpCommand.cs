using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>`multimix help [command]`: the help of a command, as `multimix command --help` prints it.</summary>
internal sealed class HelpCommand : CliCommand
{
    private readonly RootCommand _root;
    private readonly Argument<string?> _command = new("command") { Arity = ArgumentArity.ZeroOrOne, Description = "The command to explain" };

    public HelpCommand(RootCommand root)
        : base("help", "Shows the help of a command (or the list of commands).")
    {
        _root = root;
        Command.Add(_command);
        Command.Validators.Add(r =>
        {
            if (r.GetValue(_command) is { } name && Find(name) is null) r.AddError($"unknown command '{name}'; commands: {string.Join(", ", _root.Subcommands.Select(c => c.Name))}.");
        });
        _command.CompletionSources.Add(_ => _root.Subcommands.Select(c => new System.CommandLine.Completions.CompletionItem(c.Name)));
    }

    public override int Run(ParseResult parsed, RunConsole console, CancellationToken cancel)
    {
        var name = parsed.GetValue(_command);
        console.Results.WriteLine(HelpText.For(name is null ? _root : Find(name)!));
        return 0;
    }

    private Command? Find(string name) => _root.Subcommands.FirstOrDefault(c => c.Name == name);
}
