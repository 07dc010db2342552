using System.Globalization;
using System.Text;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>
/// A profile as Markdown tables: time per op family and per convolution layer (mean per measured step, share of
/// the step, rate against the machine's measured limits), then the peak bytes in use and what held them.
/// </summary>
/// <param name="Profile">The profiler, restarted after the warm-up steps.</param>
/// <param name="Limits">The CPU's limits, measured in the same run; null on a device whose limits are not measured (rates only).</param>
/// <param name="StepSeconds">Wall time of every step, warm-up included.</param>
/// <param name="WarmUpSteps">How many leading steps the totals leave out.</param>
public sealed record ProfileReport(ProfilingBackend Profile, MachineLimits? Limits, IReadOnlyList<double> StepSeconds, int WarmUpSteps)
{
    private const double Mega = 1 << 20;

    public int MeasuredSteps => StepSeconds.Count - WarmUpSteps;

    /// <summary>Mean wall time of the measured steps.</summary>
    public double MeanStepSeconds => StepSeconds.Skip(WarmUpSteps).Average();

    public string Format(string title)
    {
        if (MeasuredSteps < 1) throw new InvalidOperationException("A profile needs at least one step after the warm-up.");
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var measured = StepSeconds.Skip(WarmUpSteps).Order().ToList();
        text.AppendLine(inv, $"## {title}");
        text.AppendLine();
        text.AppendLine(Limits is { } l
            ? string.Create(inv, $"Machine in this run: FMA peak {l.PeakFlops / 1e9:F1} GFLOP/s and streaming bandwidth {l.Bandwidth / 1e9:F1} GB/s on {l.Threads} threads.")
            : "On a device: each op is timed from its launch to the end of the device's work; the device's limits are not measured, so the rates stand alone.");
        text.AppendLine(inv, $"Steps: {string.Join(", ", StepSeconds.Select(s => (s * 1000).ToString("F0", inv)))} ms; the tables are the mean of the {MeasuredSteps} steps after {WarmUpSteps} warm-up (median {measured[measured.Count / 2] * 1000:F0} ms).");
        text.AppendLine();
        AppendFamilies(text);
        text.AppendLine();
        AppendLayers(text);
        text.AppendLine();
        AppendMemory(text);
        return text.ToString();
    }

    private double PerStep(double total) => total / MeasuredSteps;

    /// <summary>"42% of peak", or nothing where the limit was not measured.</summary>
    private static string Share(double rate, double? limit, string of) =>
        limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"{100 * rate / l:F0}% of {of}") : "";

    private string Rate(OpTotals t)
    {
        if (t.Seconds <= 0) return "| | ";
        if (t.Flops > 0) return string.Create(CultureInfo.InvariantCulture, $"| {t.Flops / t.Seconds / 1e9:F1} GFLOP/s | {Share(t.Flops / t.Seconds, Limits?.PeakFlops, "peak")} ");
        if (t.Bytes > 0) return string.Create(CultureInfo.InvariantCulture, $"| {t.Bytes / t.Seconds / 1e9:F1} GB/s | {Share(t.Bytes / t.Seconds, Limits?.Bandwidth, "bandwidth")} ");
        return "| | ";
    }

    private void AppendFamilies(StringBuilder text)
    {
        var inv = CultureInfo.InvariantCulture;
        var step = MeanStepSeconds;
        text.AppendLine("| op family | calls/step | ms/step | share of step | rate | against the limit |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|");
        double inOps = 0, flops = 0;
        foreach (var (name, t) in Profile.Families.OrderByDescending(f => f.Value.Seconds))
        {
            inOps += t.Seconds;
            flops += t.Flops;
            text.AppendLine(inv, $"| {name} | {PerStep(t.Calls):0.#} | {PerStep(t.Seconds) * 1000:F1} | {100 * PerStep(t.Seconds) / step:F1}% {Rate(t)}|");
        }
        var outside = step - PerStep(inOps);
        text.AppendLine(inv, $"| host: autograd, allocation, scheduling (outside every op) | | {outside * 1000:F1} | {100 * outside / step:F1}% | | |");
        text.AppendLine(inv, $"| **whole step** | | **{step * 1000:F1}** | 100% | {PerStep(flops) / step / 1e9:F1} GFLOP/s | {Share(PerStep(flops) / step, Limits?.PeakFlops, "peak")} |");
    }

    private void AppendLayers(StringBuilder text)
    {
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine("| conv layer | shape | forward ms | GFLOP/s | backward-data ms | GFLOP/s | backward-weight ms | GFLOP/s |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|");
        foreach (var (layer, t) in Profile.Layers.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var g = t.Geometry;
            text.AppendLine(inv, $"| {layer} | {g.InChannels}→{g.OutChannels} {g.Kernel}×{g.Kernel} @{g.Height}² ×{g.Batch} | {Cell(t.Forward)} | {Cell(t.BackwardData)} | {Cell(t.BackwardWeight)} |");
        }

        string Cell(OpTotals t) => t.Calls == 0
            ? "– | –"
            : string.Create(inv, $"{PerStep(t.Seconds) * 1000:F2} | {t.Flops / t.Seconds / 1e9:F0}");
    }

    private void AppendMemory(StringBuilder text)
    {
        var inv = CultureInfo.InvariantCulture;
        if (Profile.Peak is not { } peak)
        {
            text.AppendLine("No memory figures: the backend keeps none.");
            return;
        }
        var poolPeak = Profile.PoolPeakBytes ?? peak.InUse;
        text.AppendLine(inv, $"Peak bytes in use: **{poolPeak / Mega:F0} MiB** (during {peak.Region ?? "no named region"}); the pool then held {peak.Reserved / Mega:F0} MiB, so {(peak.Reserved - peak.InUse) / Mega:F0} MiB were pooled but unused.");
        text.AppendLine();
        text.AppendLine("| held at the peak by | MiB | share |");
        text.AppendLine("|---|--:|--:|");
        var byKind = peak.Held.GroupBy(h => h.Key.Kind).Select(g => (Kind: g.Key, Bytes: g.Sum(h => h.Value))).OrderByDescending(k => k.Bytes);
        foreach (var (kind, bytes) in byKind)
        {
            text.AppendLine(inv, $"| {kind} | {bytes / Mega:F1} | {100.0 * bytes / peak.InUse:F1}% |");
        }
        var rounding = peak.InUse - peak.Held.Values.Sum();
        text.AppendLine(inv, $"| rounding to the pool's block sizes | {rounding / Mega:F1} | {100.0 * rounding / peak.InUse:F1}% |");
        text.AppendLine();
        var kinds = peak.Held.Where(h => h.Key.Block.Length > 0).Select(h => h.Key.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        var blocks = peak.Held.Where(h => h.Key.Block.Length > 0).GroupBy(h => h.Key.Block).OrderByDescending(g => g.Sum(h => h.Value)).ToList();
        if (blocks.Count == 0) return;
        text.AppendLine(inv, $"| activations held at the peak (MiB) by block | {string.Join(" | ", kinds)} | total |");
        text.AppendLine(inv, $"|---|{string.Concat(kinds.Select(_ => "--:|"))}--:|");
        foreach (var block in blocks)
        {
            var cells = kinds.Select(k => block.Where(h => h.Key.Kind == k).Sum(h => h.Value) / Mega).Select(v => v == 0 ? "" : v.ToString("F1", inv));
            text.AppendLine(inv, $"| {block.Key} | {string.Join(" | ", cells)} | {block.Sum(h => h.Value) / Mega:F1} |");
        }
    }
}
