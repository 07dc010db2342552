using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MultiMix.GpuCheck;

/// <summary>
/// The whole job as a user runs it, through the `multimix` entry point in this process: the synthetic default
/// `train` on the device and on the CPU (test metrics equal within <see cref="ClassificationTolerance"/> and
/// <see cref="DiceTolerance"/>: the two devices round differently, so the trajectories part slightly), `eval` of the
/// device's best checkpoint on the device (its test metrics equal to the training report's), `predict` on the
/// device, `train --profile` on the device (its per-op table goes to the log), and the time of one epoch at the
/// paper's 256 px, 10 per stream.
/// </summary>
internal static class WholeJob
{
    /// <summary>Largest accepted difference in accuracy and F1 between the device's and the CPU's run.</summary>
    public const double ClassificationTolerance = 0.05;

    /// <summary>Largest accepted difference in Dice, Jaccard, precision and recall.</summary>
    public const double DiceTolerance = 0.02;

    private static readonly string[] s_classification = ["accuracy", "f1_normal", "f1_pneumonia"];
    private static readonly string[] s_segmentation = ["dice", "jaccard", "precision", "recall"];

    /// <param name="log">Where the figures and checks go.</param>
    /// <param name="device">The device option's value (cuda; cpu where the check runs without a GPU).</param>
    /// <param name="smallData">Model and data options that shrink the job where the check runs without a GPU (train and eval take them); empty on the GPU.</param>
    /// <param name="smallTraining">Schedule options that shrink it (train only); empty on the GPU.</param>
    public static void Run(PartLog log, string device, IReadOnlyList<string> smallData, IReadOnlyList<string> smallTraining)
    {
        // The runs' checkpoints and reports stay out of the results folder (which comes back from the GPU machine):
        // the log holds what they printed.
        var work = Directory.CreateTempSubdirectory("multimix-gpu-check-").FullName;
        try
        {
            Run(log, device, work, smallData, smallTraining);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Run(PartLog log, string device, string work, IReadOnlyList<string> smallData, IReadOnlyList<string> smallTraining)
    {
        string[] small = [.. smallData, .. smallTraining];
        var onDevice = Path.Combine(work, "train-" + device.Replace(':', '-'));
        var onCpu = Path.Combine(work, "train-cpu-reference");
        if (!Multimix(log, $"train --device {device}", ["train", "--device", device, "--out", onDevice, "--overwrite", .. small])) return;
        if (!Multimix(log, "train --device cpu (the reference)", ["train", "--device", "cpu", "--out", onCpu, "--overwrite", .. small])) return;
        var deviceMetrics = Read(Path.Combine(onDevice, "report", "metrics.json"));
        var cpuMetrics = Read(Path.Combine(onCpu, "report", "metrics.json"));
        foreach (var (key, row) in deviceMetrics)
        {
            if (!cpuMetrics.TryGetValue(key, out var reference))
            {
                log.Check($"{key}: metrics on both devices", "a CPU row", "none", false);
                continue;
            }
            Compare(log, key, row, reference, s_classification, ClassificationTolerance);
            Compare(log, key, row, reference, s_segmentation, DiceTolerance);
        }

        var best = Path.Combine(onDevice, "best.safetensors");
        var evaluated = Path.Combine(work, "eval-" + device.Replace(':', '-'));
        if (Multimix(log, $"eval --device {device}", ["eval", "--checkpoint", best, "--device", device, "--out", evaluated, .. smallData]))
        {
            var again = Read(Path.Combine(evaluated, "report", "metrics.json"));
            var same = deviceMetrics.Count == again.Count && deviceMetrics.All(kv => again.TryGetValue(kv.Key, out var other) && s_classification.Concat(s_segmentation).All(m => Same(kv.Value, other, m)));
            log.Check("eval of the best checkpoint on the device", "the training report's test metrics", same ? "the same" : "different", same);
        }

        var images = Path.Combine(work, "synthetic");
        var predicted = Path.Combine(work, "predict-" + device.Replace(':', '-'));
        if (Multimix(log, "synth (images to predict)", ["synth", "--out", images, "--domain", "a", "--size", "64", "--seg-count", "3", "--cls-count", "2"])
            && Multimix(log, $"predict --device {device}", ["predict", "--checkpoint", best, "--input", Path.Combine(images, "a", "segmentation", "images"), "--device", device, "--out", predicted]))
        {
            var masks = Directory.GetFiles(predicted, "*_mask.png").Length;
            log.Check("predict wrote a mask per image", "3", masks.ToString(CultureInfo.InvariantCulture), masks == 3);
        }

        // Where a step's time goes on the device, op by op (each op waits for the device's work to end).
        string[] profile = small.Length == 0
            ? ["train", "--profile", "--device", device, "--size", "256", "--batch", "10", "--max-steps", "6"]
            : ["train", "--profile", "--device", device, "--batch", "2", "--max-steps", "2", .. smallData];
        var table = new StringWriter();
        if (Multimix(log, $"train --profile --device {device}", profile, table))
        {
            foreach (var line in table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) log.Line(line);
            var whole = table.ToString().Contains("| **whole step** |", StringComparison.Ordinal);
            log.Check("the profile's table has a whole-step row", "present", whole ? "present" : "missing", whole);
        }

        if (small.Length == 0)
        {
            Multimix(log, $"train --device {device}, 256 px, 10 per stream, one epoch",
                ["train", "--device", device, "--size", "256", "--batch", "10", "--epochs", "1", "--out", Path.Combine(work, "train-256"), "--overwrite"]);
        }
    }

    /// <summary>
    /// Runs one command of the program; a timing row with its wall time, or a failed check with its last status line.
    /// What it prints as results goes to <paramref name="results"/> when given.
    /// </summary>
    private static bool Multimix(PartLog log, string what, string[] args, StringWriter? results = null)
    {
        var output = results ?? new StringWriter();
        var status = new StringWriter();
        var watch = Stopwatch.StartNew();
        var code = MultiMix.Train.Program.Run(args, output, status);
        watch.Stop();
        foreach (var line in status.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) log.Line($"  {line}");
        if (code != 0)
        {
            var last = status.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            log.Check($"multimix {what}", "exit code 0", $"{code}: {last}", false);
            return false;
        }
        log.Timing($"multimix {what}", string.Create(CultureInfo.InvariantCulture, $"{watch.Elapsed.TotalSeconds:F1} s"));
        return true;
    }

    private static void Compare(PartLog log, string key, JsonElement row, JsonElement reference, string[] metrics, double tolerance)
    {
        foreach (var m in metrics)
        {
            if (!Number(row, m, out var a) || !Number(reference, m, out var b)) continue;
            var difference = Math.Abs(a - b);
            log.Check($"{key} {m}: device against CPU", string.Create(CultureInfo.InvariantCulture, $"|Δ| ≤ {tolerance}"),
                string.Create(CultureInfo.InvariantCulture, $"{a:F4} vs {b:F4}"), difference <= tolerance);
        }
    }

    private static bool Same(JsonElement a, JsonElement b, string metric) =>
        Number(a, metric, out var x) == Number(b, metric, out var y) && x.Equals(y);

    private static bool Number(JsonElement row, string name, out double value)
    {
        value = double.NaN;
        if (!row.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Number) return false;
        value = e.GetDouble();
        return true;
    }

    /// <summary>metrics.json as rows keyed by "model / dataset".</summary>
    private static Dictionary<string, JsonElement> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(r => $"{r.GetProperty("model").GetString()} / {r.GetProperty("dataset").GetString()}", r => r.Clone());
    }
}
