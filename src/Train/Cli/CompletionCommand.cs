using System.CommandLine;
using MultiMix.Train.Runs;

namespace MultiMix.Train.Cli;

/// <summary>
/// `multimix completion bash`: a bash completion script. It asks the program itself what may come next
/// (System.CommandLine's [suggest] directive), so commands, options and option values such as --variant's are
/// always those of the parser; where nothing is suggested (paths) bash completes file names.
/// </summary>
internal sealed class CompletionCommand : CliCommand
{
    public const string Bash = """
        # bash completion for multimix. Load it in the current shell with
        #   source <(multimix completion bash)
        # or install it: multimix completion bash > /etc/bash_completion.d/multimix
        _multimix_complete() {
            local line=${COMP_LINE:0:COMP_POINT}
            local rest=${line#"${COMP_WORDS[0]}"}
            rest=${rest#" "}
            local IFS=$'\n'
            COMPREPLY=($("${COMP_WORDS[0]}" "[suggest:${#rest}]" "$rest" 2>/dev/null))
        }
        complete -o default -F _multimix_complete multimix
        """;

    private readonly Argument<string> _shell = new("shell") { Description = "The shell: bash" };

    public CompletionCommand()
        : base("completion", "Prints a shell completion script for multimix: source <(multimix completion bash).")
    {
        _shell.CompletionSources.Add("bash");
        _shell.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is var shell and not "bash") r.AddError($"unknown shell '{shell}'; the completion script is for bash.");
        });
        Command.Add(_shell);
    }

    public override int Run(ParseResult parsed, RunConsole console, CancellationToken cancel)
    {
        console.Results.WriteLine(Bash);
        return 0;
    }
}
