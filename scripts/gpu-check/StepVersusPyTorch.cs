using System.Diagnostics;
using System.Globalization;
using MultiMix.Benchmarks;
using MultiMix.Benchmarks.SideBySide;
using MultiMix.Kernels.Backend;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Model.Training;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tensors.Random;

namespace MultiMix.GpuCheck;

/// <summary>
/// One whole MultiMix training step (saliency, the five streams' forward, the loss, backward, Adam; width 16) of this
/// project against scripts/pytorch/step_server.py run by the machine's PyTorch, alternating step by step, same
/// shapes, same device, each synchronised, after warm-up; the medians, their ratio, and both peak memory figures
/// (this project's pool peak in use against torch.cuda.max_memory_allocated).
/// </summary>
internal static class StepVersusPyTorch
{
    /// <summary>One comparison: image size, images per stream, TF32 allowed on both sides, and the ratio it must reach (null: report only).</summary>
    public sealed record Setting(int Size, int PerStream, bool Tf32, double? TargetRatio);

    /// <summary>Where the Python with PyTorch is: $MULTIMIX_TORCH_PYTHON, else the GPU machine's venv, else Debian's.</summary>
    public static string Python() =>
        Environment.GetEnvironmentVariable("MULTIMIX_TORCH_PYTHON") is { Length: > 0 } set ? set
        : new[] { "/opt/torch/.venv/bin/python3", "/usr/bin/python3" }.FirstOrDefault(File.Exists) ?? "python3";

    /// <summary>The step server, shipped beside this program (scripts/pytorch).</summary>
    public static string Script => Path.Combine(AppContext.BaseDirectory, "pytorch", "step_server.py");

    /// <param name="log">Where the figures and checks go.</param>
    /// <param name="open">Opens this project's backend, TF32 allowed or not.</param>
    /// <param name="synchronize">Waits for the backend's queued work.</param>
    /// <param name="torchDevice">PyTorch's device: cuda, or cpu where the check runs without a GPU.</param>
    /// <param name="settings">The comparisons to run.</param>
    /// <param name="warmUp">Steps each side runs before the timed ones.</param>
    /// <param name="steps">Timed steps per side.</param>
    /// <param name="torchRequired">Whether a missing PyTorch is a failed check (on the GPU) or only a line (without one, where CI may have no PyTorch).</param>
    public static void Run(PartLog log, Func<bool, OpenedBackend> open, Action<OpenedBackend> synchronize, string torchDevice, IReadOnlyList<Setting> settings, int warmUp, int steps, bool torchRequired)
    {
        log.Line($"PyTorch: {Python()} {Script} --device {torchDevice}");
        foreach (var s in settings)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"{s.Size} px, {s.PerStream} per stream, {(s.Tf32 ? "TF32" : "FP32")}");
            using var opened = open(s.Tf32);
            var backend = opened.Backend;
            var batch = SyntheticBatch.Create(s.Size, s.PerStream);
            using var model = new MultiMixNet(backend, new ModelConfig(ModelVariant.MultiMix, 16, s.Size), 1);
            using var adam = new Adam(model.NamedParameters(), 1e-4f);
            var dropout = new RandomStream(9);
            var memory = BackendDecorator.MemoryOf(backend);
            memory?.ResetPeak();
            var ours = new List<double>();

            StepProcess? torch = null;
            try
            {
                torch = Start(s, torchDevice);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                var why = e.Message.ReplaceLineEndings(" ");
                if (torchRequired) log.Check($"{label}: PyTorch step server", "ready", why, false);
                else log.Line($"{label}: no PyTorch side ({why}); this project's step only");
            }

            using (torch)
            {
                for (var i = 0; i < warmUp + steps; i++)
                {
                    synchronize(opened);
                    var started = Stopwatch.GetTimestamp();
                    TrainingStep.Run(model, adam, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, batch, dropout);
                    synchronize(opened);
                    if (i >= warmUp) ours.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                    torch?.Step();
                }

                var ourMedian = StepProcess.Median(ours);
                var ourPeak = memory?.PeakBytesInUse ?? 0;
                log.Timing($"{label}: this project's step", Milliseconds(ourMedian) + $", peak in use {Mib(ourPeak)}, reserved {Mib(memory?.BytesReserved ?? 0)}");
                if (torch is null) continue;
                var theirs = StepProcess.Median(torch.Seconds.Skip(warmUp));
                var peaks = torch.Ask("memory").Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                log.Timing($"{label}: PyTorch's step", Milliseconds(theirs) + $", max allocated {Mib(peaks[0])}, max reserved {Mib(peaks[1])}");
                var ratio = ourMedian / theirs;
                var got = string.Create(CultureInfo.InvariantCulture, $"{ratio:F3}× ({Milliseconds(ourMedian)} vs {Milliseconds(theirs)})");
                if (s.TargetRatio is { } target)
                {
                    log.Check($"{label}: step time against PyTorch", string.Create(CultureInfo.InvariantCulture, $"≤ {target}×"), got, ratio <= target);
                    log.Check($"{label}: peak memory against PyTorch", $"≤ {Mib(peaks[0])} (max allocated)", Mib(ourPeak), ourPeak <= peaks[0]);
                }
                else
                {
                    log.Timing($"{label}: step time against PyTorch", got);
                }
            }
        }
    }

    private static StepProcess Start(Setting s, string device)
    {
        var start = new ProcessStartInfo(Python());
        foreach (var a in new[] { Script, "--size", Text(s.Size), "--batch", Text(s.PerStream), "--device", device, "--threads", Text(Environment.ProcessorCount) })
        {
            start.ArgumentList.Add(a);
        }
        if (s.Tf32) start.ArgumentList.Add("--tf32");
        return new StepProcess("PyTorch", start);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:F2} ms");

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F0} MiB");
}
