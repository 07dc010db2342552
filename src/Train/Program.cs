using MultiMix.Train.Cli;

namespace MultiMix.Train;

/// <summary>
/// The `multimix` executable: results go to standard output, progress and the one-line errors to standard error
/// (see <see cref="CliApp"/>). Ctrl+C cancels the run between steps; checkpoints already written stay intact.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return CliApp.Run(args, Console.Out, Console.Error, !Console.IsErrorRedirected, cancel.Token);
    }

    /// <summary>Runs the command line in-process (tests): output and status go to the given writers, the progress line is not redrawn in place.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter status, CancellationToken cancel = default) => CliApp.Run(args, output, status, false, cancel);
}
