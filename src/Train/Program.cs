using MultiMix.Model.Checkpoints;
using MultiMix.Tensors.Serialization;
using MultiMix.Train.Cli;
using MultiMix.Train.Data;
using MultiMix.Train.Training;

namespace MultiMix.Train;

/// <summary>
/// The `multimix` executable. Every expected failure (bad option, bad data, bad checkpoint, divergence) ends as
/// one line on standard error and a non-zero exit code; results go to standard output, progress to standard error.
/// </summary>
public static class Program
{
    public const int BadInput = 2;
    public const int Failed = 1;

    private static readonly ICommand[] s_commands = [new TrainCommand(), new EvalCommand(), new PredictCommand(), new SynthCommand(), new DoctorCommand()];

    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return Run(args, Console.Out, Console.Error, cancel.Token);
    }

    public static int Run(string[] args, TextWriter output, TextWriter status, CancellationToken cancel = default)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage());
            return args.Length == 0 ? BadInput : 0;
        }
        var command = s_commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            status.WriteLine($"multimix: unknown command '{args[0]}'; commands: {string.Join(", ", s_commands.Select(c => c.Name))} (see 'multimix --help').");
            return BadInput;
        }
        try
        {
            var parsed = new ArgParser(command.Name, command.Options, args[1..]);
            if (parsed.HelpRequested)
            {
                output.WriteLine(ArgParser.Help(command.Name, command.Summary, command.Options));
                return 0;
            }
            return command.Run(parsed, output, status, cancel);
        }
        catch (Exception e) when (e is CliException or DataException or CheckpointException or SafeTensorsFormatException)
        {
            status.WriteLine($"multimix {command.Name}: {e.Message}");
            return BadInput;
        }
        catch (TrainingDivergedException e)
        {
            status.WriteLine($"multimix {command.Name}: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            status.WriteLine($"multimix {command.Name}: cancelled; checkpoints already written are intact.");
            return Failed;
        }
        catch (IOException e)
        {
            status.WriteLine($"multimix {command.Name}: {e.Message}");
            return Failed;
        }
    }

    private static string Usage() => string.Join(Environment.NewLine,
        [
            "multimix: semi-supervised pneumonia classification and lung segmentation (MultiMix), on its own engine.",
            "",
            "Usage: multimix <command> [options]     (multimix <command> --help for its options)",
            "",
            .. s_commands.Select(c => $"  {c.Name,-9}{c.Summary.Split(". ")[0].TrimEnd('.')}."),
        ]);
}
