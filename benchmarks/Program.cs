using System.Globalization;
using BenchmarkDotNet.Running;
using MultiMix.Benchmarks.SideBySide;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Training;
using MultiMix.Tensors.Cpu;

namespace MultiMix.Benchmarks;

/// <summary>
/// BenchmarkDotNet suites (the default), and three commands around the whole training step:
/// <c>profile</c> (where a step's time and memory go, on a synthetic batch), <c>versus-pytorch</c> (this project's
/// step against PyTorch's, alternating) and <c>step-server</c> (this project's side of it). The commands take
/// --size PX, --batch N (images per stream), --steps N, --warmup N and, for versus-pytorch, --sequential and
/// --omp-passive.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !s_commands.Contains(args[0]))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
        var options = Options(args[1..]);
        int Get(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var size = Get("size", 64);
        var batch = Get("batch", 4);
        return args[0] switch
        {
            "step-server" => StepServer.Run(size, batch),
            "versus-pytorch" => VersusPyTorch.Run(size, batch, Get("steps", 10), Get("warmup", 2), options.ContainsKey("sequential"), options.ContainsKey("omp-passive"), Console.Out),
            _ => Profile(size, batch, Get("steps", 10), Get("warmup", 1)),
        };
    }

    private static readonly string[] s_commands = ["profile", "versus-pytorch", "step-server"];

    private static int Profile(int size, int perStream, int steps, int warmUp)
    {
        var batch = SyntheticBatch.Create(size, perStream);
        var settings = new StepProfile.Settings(new ModelConfig(ModelVariant.MultiMix, 16, size), 1e-4f, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, 1, 9, steps, warmUp);
        var report = StepProfile.Run(CpuBackend.Shared, settings, Enumerable.Repeat(batch, steps));
        Console.Write(report.Format(string.Create(CultureInfo.InvariantCulture, $"Profile of a MultiMix training step on the CPU: width 16, {size} px, {perStream} images per stream (synthetic batch)")));
        return 0;
    }

    /// <summary>--name value pairs; a flag without a value maps to "".</summary>
    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected an option, got '{args[i]}'.");
            var name = args[i][2..];
            options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
        }
        return options;
    }
}
