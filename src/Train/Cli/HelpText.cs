using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MultiMix.Train.Cli;

/// <summary>The help of `multimix` and of each command: usage, summary, and one line per option with its default.</summary>
internal static class HelpText
{
    public const string Conventions =
        "Options take their value as --name value or --name=value; a repeated option's last value counts; -- ends the options. " +
        "@FILE reads more arguments from FILE (one or more per line; lines starting with # are ignored). " +
        "Bad input gives one line naming the option or file, and exit code 2.";

    public static string For(Command command) => command is RootCommand root ? Root(root) : Subcommand(command);

    private static string Root(RootCommand root)
    {
        var commands = root.Subcommands.Where(c => !c.Hidden).ToList();
        var width = commands.Max(c => c.Name.Length) + 2;
        return string.Join(Environment.NewLine,
        [
            root.Description ?? "",
            "",
            "Usage: multimix <command> [options]     (multimix <command> --help, or multimix help <command>, for its options)",
            "",
            "Commands:",
            .. commands.Select(c => $"  {c.Name.PadRight(width)}{FirstSentence(c.Description)}"),
            "",
            Conventions,
        ]);
    }

    private static string Subcommand(Command command)
    {
        var arguments = string.Concat(command.Arguments.Select(a => $" <{a.Name}>"));
        var rows = command.Options.Where(o => o is not HelpOption).Select(o => (Left: $"  {o.Name}{(o.HelpName is null ? "" : " " + o.HelpName)}", Text: o.Description ?? ""))
            .Append((Left: "  -h, --help", Text: "Show this help."))
            .ToList();
        var width = rows.Max(r => r.Left.Length) + 2;
        return string.Join(Environment.NewLine,
        [
            $"Usage: multimix {command.Name}{arguments}{(command.Options.Count > 0 ? " [options]" : "")}",
            "",
            command.Description ?? "",
            "",
            "Options:",
            .. rows.Select(r => r.Left.PadRight(width) + r.Text),
        ]);
    }

    private static string FirstSentence(string? text) => (text ?? "").Split(". ")[0].TrimEnd('.') + ".";

    /// <summary>What -h, --help and -? do: print the help of the command they follow.</summary>
    public sealed class Action : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(For(parseResult.CommandResult.Command));
            return 0;
        }
    }
}
