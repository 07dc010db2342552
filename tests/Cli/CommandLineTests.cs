using System.Diagnostics;
using MultiMix.Kernels.Backend;
using MultiMix.Tests.Support;
using MultiMix.Train;
using Xunit;

namespace MultiMix.Tests.Cli;

/// <summary>The command line itself: help on every command, response files, repeated options, device names, completion.</summary>
public sealed class CommandLineTests
{
    private static readonly string[] s_commands = ["train", "compare", "eval", "predict", "info", "synth", "doctor", "help", "completion"];

    [Fact]
    public void Every_command_has_help_and_help_command_prints_the_same()
    {
        foreach (var command in s_commands)
        {
            var help = CliRunner.Run(command, "--help");
            Assert.True(help.ExitCode == 0, $"{command} --help: {help.Status}");
            Assert.StartsWith($"Usage: multimix {command}", help.Output, StringComparison.Ordinal);
            Assert.Contains("-h, --help", help.Output, StringComparison.Ordinal);
            Assert.Equal(help.Output, CliRunner.Run("help", command).Output);
            Assert.Equal(help.Output, CliRunner.Run(command, "-h").Output);
        }
    }

    [Fact]
    public void The_general_help_lists_every_command_and_no_arguments_is_an_error()
    {
        var help = CliRunner.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.All(s_commands, c => Assert.Contains($"  {c} ", help.Output, StringComparison.Ordinal));
        Assert.Equal(help.Output, CliRunner.Run("help").Output);
        var bare = CliRunner.Run();
        Assert.Equal(2, bare.ExitCode);
        Assert.Equal(help.Output, bare.Output);
    }

    [Fact]
    public void Train_help_shows_each_default_as_the_options_records_hold_it()
    {
        var help = CliRunner.Run("train", "--help").Output;
        Assert.Contains("--epochs N", help, StringComparison.Ordinal);
        Assert.Contains("(default: 100; 6 with the built-in synthetic data)", help, StringComparison.Ordinal);
        Assert.Contains("(default: 0.0001; 0.001 with the built-in synthetic data)", help, StringComparison.Ordinal);
        Assert.Contains("(default: 256; 64 with the built-in synthetic data)", help, StringComparison.Ordinal);
        Assert.Contains("--w-dice X", help, StringComparison.Ordinal);
        Assert.Contains("Weight of the Dice loss (default: 5)", help, StringComparison.Ordinal);
        Assert.Contains("threshold τ (default: 0.7)", help, StringComparison.Ordinal);
        Assert.Contains("Classification validation images (default: 40)", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_for_an_unknown_command_is_refused_in_one_line()
    {
        var outcome = CliRunner.Run("help", "bogus");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("multimix help: unknown command 'bogus'; commands: train, compare, eval, predict, info, synth, doctor, help, completion.", Assert.Single(outcome.StatusLines));
    }

    [Fact]
    public void Response_files_and_equals_values_are_read_and_the_last_repeated_value_counts()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "synthetic");
        File.WriteAllLines(temp.File("synth.rsp"), ["# the synthetic set, small", $"--out {output}", "--domain a --seg-count 5", "--cls-count=2"]);
        var outcome = CliRunner.Run("synth", "@" + Path.Combine(temp.Path, "synth.rsp"), "--size", "16", "--seg-count", "3");
        Assert.True(outcome.ExitCode == 0, outcome.Status);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(output, "a", "segmentation", "images")).Length);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "a", "classification"), "*.png", SearchOption.AllDirectories).Length);
        Assert.False(Directory.Exists(Path.Combine(output, "b")));
    }

    [Fact]
    public void Gpu_numbers_are_accepted_and_cuda_0_is_the_first_gpu()
    {
        var malformed = CliRunner.Run("train", "--device", "cuda:x");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Equal("multimix train: option --device must be cpu, cuda or cuda:N, got 'cuda:x'.", malformed.StatusLines[^1]);
        if (CudaProbe.Run(0) is not { Usable: false, Reason: var reason }) return;
        using var temp = new TempFolder();
        var outcome = CliRunner.Run(["train", .. CliRunner.Tiny(Path.Combine(temp.Path, "run"), "--device", "cuda:0")]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"option --device cuda:0: no usable GPU: {reason}", outcome.StatusLines[^1], StringComparison.Ordinal);
    }

    /// <summary>TF32 is a GPU math mode: asked for on the CPU it is refused before any data is read or folder made.</summary>
    [Theory]
    [InlineData("train")]
    [InlineData("eval")]
    [InlineData("predict")]
    public void Tf32_on_the_cpu_is_refused_in_one_line(string command)
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        string[] args = command switch
        {
            "train" => ["train", .. CliRunner.Tiny(run, "--tf32")],
            "eval" => ["eval", "--checkpoint", temp.File("none.safetensors"), "--out", run, "--tf32"],
            _ => ["predict", "--checkpoint", temp.File("none.safetensors"), "--input", temp.Path, "--out", run, "--tf32"],
        };
        var outcome = CliRunner.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"multimix {command}: option --tf32: TF32 is a GPU math mode; --device cpu computes in FP32 (leave --tf32 out, or use --device cuda).", outcome.StatusLines[^1]);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void The_suggest_directive_completes_commands_options_and_choices()
    {
        Assert.Equal(["train"], Lines(CliRunner.Run("[suggest:2]", "tr").Output));
        Assert.Equal(["--variant"], Lines(CliRunner.Run("[suggest:9]", "train --v").Output));
        Assert.Equal(["umtl", "umtls", "umtls-ssl"], Lines(CliRunner.Run("[suggest:19]", "train --variant umt").Output));
    }

    /// <summary>The printed script, sourced in bash, completes through the program (run here as `dotnet multimix.dll`).</summary>
    [Fact]
    public void The_bash_completion_script_completes_in_bash()
    {
        var script = CliRunner.Run("completion", "bash");
        Assert.Equal(0, script.ExitCode);
        using var temp = new TempFolder();
        var path = temp.File("completion.bash");
        File.WriteAllText(path, script.Output);
        var dll = typeof(Program).Assembly.Location;
        var complete = string.Join('\n',
        [
            $"multimix() {{ dotnet '{dll}' \"$@\"; }}",
            $"source '{path}'",
            "COMP_LINE='multimix train --variant umtls-'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(multimix train --variant umtls-); COMP_CWORD=3",
            "_multimix_complete; printf '%s\\n' \"${COMPREPLY[@]}\"",
            "complete -p multimix",
        ]);
        var bash = Process.Start(new ProcessStartInfo("bash", ["-c", complete]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = bash.StandardOutput.ReadToEnd();
        var stderr = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, stderr);
        Assert.Equal(["umtls-ssl", "complete -o default -F _multimix_complete multimix"], Lines(stdout));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
