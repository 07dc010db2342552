using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;
using MultiMix.Train.Metrics;
using MultiMix.Train.Reports;
using MultiMix.Train.Training;

namespace MultiMix.Train.Runs;

/// <summary>
/// The paper's comparison, fairly: trains each variant under each seed with the same budget
/// (<see cref="CompareOptions"/>), evaluates each run's best checkpoint (lowest in-domain validation loss) on the
/// in-domain and cross-domain test sets, and writes the table (mean ± standard deviation over seeds, the 95%
/// bootstrap interval of the mean, the best of each column marked), the per-seed rows, box plots, the per-epoch
/// diagnostics and a report page to &lt;out&gt;/report/ after every finished run. One progress line covers the
/// whole grid. Resumable: see <see cref="CompareGrid"/>.
/// </summary>
public static class CompareRun
{
    public const string ReportFolder = "report";

    public static void Run(CompareOptions options, DataSpec spec, IBackend backend, RunConsole console, CancellationToken cancel)
    {
        var data = spec.Open();
        var stepsPerEpoch = options.StepsPerEpoch(data);
        var steps = stepsPerEpoch * options.Training.Epochs;
        var configuration = Configuration(options, spec, steps);
        using var folder = RunFolder.Take(options.OutputFolder, continuing: true, overwrite: false, $"multimix compare ({string.Join("; ", configuration.Select(c => $"{c.Key} {c.Value}"))})");
        foreach (var removed in folder.RemovedTemporaries) console.Status.WriteLine($"Removed {removed}, a temporary file left by an interrupted run.");
        var grid = CompareGrid.Open(options.OutputFolder, configuration, options.Variants, options.Seeds);
        foreach (var line in data.Summary) console.Status.WriteLine($"Data: {line}");
        DataChecking.Run(data.All(), "nothing was trained", console, cancel);
        var pending = grid.Runs.Where(r => !grid.IsDone(r)).ToList();
        var units = pending.Sum(r => (long)steps * BatchLoader.LayoutOf(r.Variant, options.Training.BatchPerStream).Total);
        console.Status.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Compare: {options.Variants.Count} variants × {options.Seeds} seeds, {steps} steps each ({options.Training.Epochs} epochs of {stepsPerEpoch} steps, {options.Training.BatchPerStream} images per stream) on {backend.Name}; {grid.Runs.Count - pending.Count} of {grid.Runs.Count} runs already done."));
        var progress = new ProgressLine(console.Status, console.Interactive, Math.Max(1, units), percent: true);
        var index = grid.Runs.Count - pending.Count;
        foreach (var cell in pending)
        {
            cancel.ThrowIfCancellationRequested();
            index++;
            var partial = grid.PartialFolder(cell);
            var last = Path.Combine(partial, Trainer.LastName);
            var resume = File.Exists(last) ? last : null;
            var label = string.Create(CultureInfo.InvariantCulture, $"[{index}/{grid.Runs.Count} {cell.Name}] ");
            var trained = new Trainer(options.ForRun(cell.Variant, cell.Seed, stepsPerEpoch, partial, resume), data, backend, console.Status, console.Interactive, progress: progress, label: label).Run(cancel);
            trained.Model.Dispose();
            var seconds = trained.History.Sum(r => r.Seconds);
            using (var best = ModelLoader.Load(trained.BestCheckpoint, backend, null))
            {
                new CompareRunResult(cell.Variant.Name(), cell.Seed, steps, trained.BestEpoch, seconds, CompareRunResult.Evaluate(best, data)).Save(partial);
            }
            File.Delete(last);
            grid.Finish(cell);
            progress.Break();
            console.Status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}trained in {seconds:F0} s (training and validation): {grid.FinalFolder(cell)}"));
            WriteReport(options, spec, grid, steps, stepsPerEpoch, backend);
        }
        var content = WriteReport(options, spec, grid, steps, stepsPerEpoch, backend);
        console.Results.Write(CompareReportWriter.MarkdownTable(content, CompareRow.Best(content.Rows, content.Columns.Count)));
        console.Status.WriteLine($"Report: {Path.Combine(options.OutputFolder, ReportFolder, "index.html")} ({CompareReportWriter.SummaryCsv}, {CompareReportWriter.SeedsCsv} and their JSON beside it)");
    }

    /// <summary>Every option that changes a result; a grid is continued only under the same ones.</summary>
    public static IReadOnlyDictionary<string, string> Configuration(CompareOptions options, DataSpec spec, int steps)
    {
        var t = options.Training;
        string S(SourceSpec s) => string.Join(' ', new[] { s.Kind.ToString().ToLowerInvariant(), s.Dir, s.Masks, s.Csv }.OfType<string>());
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["variants"] = string.Join(',', options.Variants.Select(v => v.Name())),
            ["seeds"] = I(options.Seeds),
            ["steps"] = I(steps),
            ["epochs"] = I(t.Epochs),
            ["batch"] = I(t.BatchPerStream),
            ["lr"] = t.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["lr_step"] = I(t.LrStepEpochs),
            ["lr_gamma"] = t.LrGamma.ToString("R", CultureInfo.InvariantCulture),
            ["weights"] = string.Create(CultureInfo.InvariantCulture, $"{t.Weights.CrossEntropy},{t.Weights.Dice},{t.Weights.PseudoLabel},{t.Weights.Consistency}"),
            ["threshold"] = t.ConfidenceThreshold.ToString("R", CultureInfo.InvariantCulture),
            ["width"] = I(t.Model.Width),
            ["size"] = I(t.Model.ImageSize),
            ["data"] = $"seg {S(spec.Segmentation)}; cls {S(spec.Classification)}; xseg {S(spec.CrossSegmentation)}; xcls {S(spec.CrossClassification)}",
            ["splits"] = string.Create(CultureInfo.InvariantCulture,
                $"labels {spec.SegLabels}/{spec.ClsLabels}, validation {spec.SegValidation}/{spec.ClsValidation}, test {spec.SegTestCount}/{spec.ClsTestCount}, pool {spec.SegCount}/{spec.ClsCount}, data seed {spec.DataSeed}"),
        };
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static CompareContent WriteReport(CompareOptions options, DataSpec spec, CompareGrid grid, int steps, int stepsPerEpoch, IBackend backend)
    {
        var done = grid.Runs.Where(grid.IsDone).ToList();
        var results = done.Select(c => CompareRunResult.Load(grid.FinalFolder(c))).ToList();
        var histories = options.Variants
            .Select(v => new KeyValuePair<string, IReadOnlyList<IReadOnlyList<EpochRecord>>>(v.Name(), [.. done.Where(c => c.Variant == v).Select(c => History(grid.FinalFolder(c)))]))
            .Where(h => h.Value.Count > 0)
            .ToList();
        var t = options.Training;
        var content = new CompareContent(
            "MultiMix.Native comparison",
            [
                new("runs", string.Create(CultureInfo.InvariantCulture, $"{done.Count} of {grid.Runs.Count} finished ({string.Join(", ", options.Variants.Select(v => v.Name()))} × seeds 1..{options.Seeds})")),
                new("budget", string.Create(CultureInfo.InvariantCulture,
                    $"{steps} optimizer steps per run = {t.Epochs} epochs of {stepsPerEpoch} steps, {t.BatchPerStream} images per stream per step; Adam lr {t.LearningRate}, StepLR ×{t.LrGamma} every {t.LrStepEpochs} epochs (= {t.LrStepEpochs * stepsPerEpoch} steps)")),
                new("model", string.Create(CultureInfo.InvariantCulture, $"width {t.Model.Width}, {t.Model.ImageSize}px; objective weights CE {t.Weights.CrossEntropy}, Dice {t.Weights.Dice}, pseudo-label {t.Weights.PseudoLabel}, KL {t.Weights.Consistency}; τ {t.ConfidenceThreshold}")),
                new("data", $"{spec.Description}; {Configuration(options, spec, steps)["splits"]}"),
                new("device", backend.Name),
            ],
            [
                string.Create(CultureInfo.InvariantCulture,
                    $"Each cell: mean ± standard deviation over the seeds, then the 95% bootstrap interval of that mean ({Bootstrap.Resamples} resamples of the test images, each draw scored under every seed; percentile). Best mean of each column in bold. Every run is evaluated at its checkpoint of lowest in-domain validation loss."),
            ],
            CompareColumn.Headline,
            CompareSummary.Rows(options.Variants, results, CompareColumn.Headline),
            [.. results.SelectMany(r => r.SeedRows())],
            histories);
        CompareReportWriter.Write(Path.Combine(options.OutputFolder, ReportFolder), content);
        return content;
    }

    private static IReadOnlyList<EpochRecord> History(string runFolder) => MetricsLog.Read(Path.Combine(runFolder, Trainer.LogName), int.MaxValue);
}
