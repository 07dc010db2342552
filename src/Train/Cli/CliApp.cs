using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using MultiMix.Distributed.Runtime;
using MultiMix.Model.Checkpoints;
using MultiMix.Tensors.Serialization;
using MultiMix.Train.Data;
using MultiMix.Train.Runs;
using MultiMix.Train.Training;

namespace MultiMix.Train.Cli;

/// <summary>
/// The command line: parses with System.CommandLine, prints help, completions and errors, and hands valid
/// options to the command's run. Every expected failure (bad option, bad data, bad checkpoint) ends as one line
/// on the status writer and exit code 2 (several bad files: one indented line each, at most
/// <see cref="ShownProblems"/>, before it); divergence, cancellation and I/O failures exit 1. A data-parallel job
/// stopped by a failure on any rank prints it once (rank 0) and exits with the same codes on every rank.
/// </summary>
public static class CliApp
{
    public const int BadInput = 2;
    public const int Failed = 1;

    /// <summary>At most this many problem lines are printed before a run's one-line refusal, then a count of the rest.</summary>
    public const int ShownProblems = 20;

    public static int Run(string[] args, TextWriter output, TextWriter status, bool interactive, CancellationToken cancel)
    {
        var root = new RootCommand("multimix: semi-supervised pneumonia classification and lung segmentation (MultiMix), on its own engine.");
        List<CliCommand> commands = [new TrainCommand(), new CompareCommand(), new EvalCommand(), new PredictCommand(), new InfoCommand(), new SynthCommand(), new DoctorCommand()];
        commands.Add(new HelpCommand(root));
        commands.Add(new CompletionCommand());
        foreach (var c in commands) root.Add(c.Command);
        foreach (var help in root.Options.OfType<HelpOption>()) help.Action = new HelpText.Action();

        if (args.Length == 0)
        {
            output.WriteLine(HelpText.For(root));
            return BadInput;
        }
        var parsed = root.Parse(args);
        if (parsed.Action is not null && parsed.Errors.Count == 0 || parsed.Action is HelpText.Action)
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = status, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        if (parsed.Errors.Count > 0)
        {
            status.WriteLine(ErrorLine(parsed, root));
            return BadInput;
        }
        var command = commands.Single(c => c.Command == parsed.CommandResult.Command);
        var prefix = $"multimix {command.Command.Name}";
        try
        {
            return command.Run(parsed, new RunConsole(output, status, interactive), cancel);
        }
        catch (JobStoppedException e)
        {
            return Stopped(e, prefix, status);
        }
        catch (DataProblemsException e) when (e.Problems.Count == 1)
        {
            status.WriteLine($"{prefix}: {e.Problems[0]}; {e.Message}");
            return BadInput;
        }
        catch (DataProblemsException e)
        {
            foreach (var line in e.Problems.Take(ShownProblems)) status.WriteLine($"  {line}");
            if (e.Problems.Count > ShownProblems) status.WriteLine($"  … and {e.Problems.Count - ShownProblems} more");
            status.WriteLine($"{prefix}: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is CliException or DataException or CheckpointException or SafeTensorsFormatException or CompareException or DistributedSetupException)
        {
            status.WriteLine($"{prefix}: {e.Message}");
            return BadInput;
        }
        catch (TrainingDivergedException e)
        {
            status.WriteLine($"{prefix}: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            status.WriteLine($"{prefix}: cancelled; checkpoints already written are intact.");
            return Failed;
        }
        catch (IOException e)
        {
            status.WriteLine($"{prefix}: {e.Message}");
            return Failed;
        }
    }

    /// <summary>
    /// The exit code of a failure of the given exception type (by full name, as a failed rank reports it): the same
    /// as <see cref="Run"/> gives that type in a single-process run, and <see cref="Failed"/> for anything unexpected.
    /// </summary>
    public static int ExitCode(string exceptionType) => s_badInput.Contains(exceptionType) ? BadInput : Failed;

    /// <summary>The types <see cref="Run"/> reports as bad input, by full name; a distributed setup that cannot run is one too.</summary>
    private static readonly HashSet<string> s_badInput = new(
        [.. new[] { typeof(CliException), typeof(DataException), typeof(DataProblemsException), typeof(CheckpointException), typeof(SafeTensorsFormatException), typeof(DistributedSetupException) }.Select(t => t.FullName!)],
        StringComparer.Ordinal);

    /// <summary>The types <see cref="Run"/> expects, by full name or namespace: anything else is a defect, whose trace the rank it happened on prints.</summary>
    private static bool Expected(string exceptionType) =>
        s_badInput.Contains(exceptionType)
        || exceptionType == typeof(TrainingDivergedException).FullName
        || exceptionType == typeof(OperationCanceledException).FullName
        || exceptionType == typeof(TaskCanceledException).FullName
        || exceptionType.StartsWith("System.IO.", StringComparison.Ordinal);

    /// <summary>A data-parallel job stopped on every rank: rank 0 prints the failure as a single-process run would, every rank exits with its code.</summary>
    private static int Stopped(JobStoppedException e, string prefix, TextWriter status)
    {
        var type = e.FailedType;
        if (!Expected(type) && e.Local is { } defect) status.WriteLine(defect.ToString());
        if (!e.Reports) return ExitCode(type);
        if (e.Local is DataProblemsException problems)
        {
            foreach (var line in problems.Problems.Take(ShownProblems)) status.WriteLine($"  {line}");
            if (problems.Problems.Count > ShownProblems) status.WriteLine($"  … and {problems.Problems.Count - ShownProblems} more");
        }
        var cancelled = type == typeof(OperationCanceledException).FullName || type == typeof(TaskCanceledException).FullName;
        status.WriteLine(cancelled ? $"{prefix}: cancelled; checkpoints already written are intact." : $"{prefix}: {e.Message}");
        return ExitCode(type);
    }

    /// <summary>The first parse error as one line naming the command and the option or argument.</summary>
    private static string ErrorLine(ParseResult parsed, RootCommand root)
    {
        var command = parsed.CommandResult.Command;
        if (command == root)
        {
            var what = parsed.UnmatchedTokens.FirstOrDefault() ?? parsed.Tokens.FirstOrDefault()?.Value ?? "";
            return $"multimix: unknown command '{what}'; commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (see 'multimix --help').";
        }
        var prefix = $"multimix {command.Name}";
        if (parsed.UnmatchedTokens.FirstOrDefault() is { } token)
        {
            return token.StartsWith('-')
                ? $"{prefix}: unknown option {token} (see 'multimix {command.Name} --help')."
                : $"{prefix}: unexpected argument '{token}' (options start with --; see 'multimix {command.Name} --help').";
        }
        var error = parsed.Errors[0];
        if (error.SymbolResult is OptionResult { Tokens.Count: 0, Option: var option } && option.Arity.MinimumNumberOfValues > 0)
        {
            return $"{prefix}: option {option.Name} needs a value ({option.HelpName}).";
        }
        var message = string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return $"{prefix}: {message}";
    }
}
