namespace MultiMix.Train.Cli;

/// <summary>A `multimix` subcommand.</summary>
public interface ICommand
{
    string Name { get; }

    string Summary { get; }

    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Runs with parsed options; returns the exit code.</summary>
    int Run(ArgParser args, TextWriter output, TextWriter status, CancellationToken cancel);
}
