using System.Diagnostics;
using System.Globalization;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Model.Training;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Random;

namespace MultiMix.Benchmarks.SideBySide;

/// <summary>
/// This project's side of <see cref="VersusPyTorch"/>: a fresh width-16 MultiMix and Adam (lr 1e-4) on the CPU
/// backend, and one <see cref="TrainingStep"/> on a fixed synthetic batch per "step" read from stdin, answered with
/// its wall time in seconds (the protocol of scripts/pytorch/step_server.py).
/// </summary>
public static class StepServer
{
    public static int Run(int size, int perStream)
    {
        var batch = SyntheticBatch.Create(size, perStream);
        using var model = new MultiMixNet(CpuBackend.Shared, new ModelConfig(ModelVariant.MultiMix, 16, size), 1);
        using var adam = new Adam(model.Flat!, 1e-4f);
        var dropout = new RandomStream(9);
        Console.WriteLine("ready");
        while (Console.ReadLine() is { } line)
        {
            switch (line.Trim())
            {
                case "step":
                    var started = Stopwatch.GetTimestamp();
                    TrainingStep.Run(model, adam, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, batch, dropout);
                    Console.WriteLine(Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F6", CultureInfo.InvariantCulture));
                    break;
                case "quit":
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown command '{line}'");
                    return 2;
            }
        }
        return 0;
    }
}
