using System.Globalization;
using MultiMix.Model.Checkpoints;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Model.Training;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Random;
using MultiMix.Train.Data;
using MultiMix.Train.Evaluation;
using MultiMix.Train.Metrics;

namespace MultiMix.Train.Training;

/// <summary>
/// What a finished run leaves behind: the model, its checkpoints, the history (earlier epochs included when
/// resumed), the epochs this invocation trained (<see cref="FirstEpoch"/>..<see cref="LastEpoch"/>, 1-based), its
/// steps, whether --max-steps ended it before the planned epochs, and which epoch the best checkpoint holds
/// (the last one when there was no validation data).
/// </summary>
public sealed record TrainResult(
    MultiMixNet Model,
    string LastCheckpoint,
    string BestCheckpoint,
    IReadOnlyList<EpochRecord> History,
    int FirstEpoch,
    int LastEpoch,
    int Steps,
    bool StoppedByMaxSteps,
    int BestEpoch,
    bool Validated);

/// <summary>
/// The semi-supervised training loop: five streams per step through one forward pass, the MultiMix objective,
/// Adam with StepLR, validation after every epoch, the last and the best (lowest validation loss; without
/// validation data, the last epoch) checkpoints, and exact resumption from a checkpoint, whose history and best
/// checkpoint follow it into another output folder. Each epoch's line of the metrics log also holds the
/// pseudo-label diagnostics (against the unlabeled images' true classes, which never reach the loss) and, when
/// the data has a cross-domain validation split, the validation scores there (never used to choose the
/// checkpoint). Given a <c>progress</c> line shared with other runs (a compare grid), it counts each step there
/// by its images, prefixed with <c>label</c>, and prints no line per epoch; without one it draws its own line.
/// </summary>
public sealed class Trainer(TrainOptions options, DataSets data, IBackend backend, TextWriter status, bool interactive, ResumePoint? resume = null, ProgressLine? progress = null, string label = "")
{
    public const string LastName = "last.safetensors";
    public const string BestName = "best.safetensors";
    public const string LogName = "metrics.jsonl";

    /// <summary>The seed of a fresh model's initial weights in a run of seed <paramref name="seed"/>.</summary>
    public static ulong InitSeed(ulong seed) => SeededRandom.Derive(seed, 0x1417);

    /// <summary>The seed of a run's dropout stream.</summary>
    public static ulong DropoutSeed(ulong seed) => SeededRandom.Derive(seed, 0xD2);

    public TrainResult Run(CancellationToken cancel = default)
    {
        Directory.CreateDirectory(options.OutputFolder);
        var lastPath = Path.Combine(options.OutputFolder, LastName);
        var bestPath = Path.Combine(options.OutputFolder, BestName);
        var point = resume ?? (options.ResumeFrom is { } from ? ResumePoint.Read(from, options.Epochs) : null);
        var log = new MetricsLog(Path.Combine(options.OutputFolder, LogName));
        var (best, bestEpoch) = point is null ? (double.PositiveInfinity, 0) : CarryOver(point, log, bestPath);
        var (model, adam, startEpoch, dropout) = Start(point);
        using var optimizer = adam;
        var loader = new BatchLoader(data, model.Config.Variant, options.BatchPerStream, model.Config.ImageSize, options.Seed, stepsPerEpoch: options.StepsPerEpoch);
        var schedule = new StepLr(options.LearningRate, options.LrStepEpochs, options.LrGamma);
        var planned = (options.Epochs - startEpoch) * loader.StepsPerEpoch;
        var totalSteps = options.MaxSteps is { } cap ? Math.Min(planned, cap) : planned;
        var line = progress ?? new ProgressLine(status, interactive, Math.Max(1, totalSteps));
        var stepUnits = progress is null ? 1 : loader.Layout.Total;
        var stepsRun = 0;
        var lastEpoch = startEpoch;
        var validated = progress is null ? DescribeValidation(model) : HasValidation(model);
        if (progress is null)
        {
            status.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Training {model.Config.Variant.Name()} (width {model.Config.Width}, {model.Config.ImageSize}px, {model.ParameterCount():N0} parameters) on {backend.Name}: epochs {startEpoch + 1}..{options.Epochs}, {loader.StepsPerEpoch} steps each, {options.BatchPerStream} images per stream"));
        }

        for (var epoch = startEpoch; epoch < options.Epochs && stepsRun < totalSteps; epoch++)
        {
            var started = DateTime.UtcNow;
            optimizer.LearningRate = schedule.RateAt(epoch);
            var sums = new TermSums();
            foreach (var batch in loader.Epoch(epoch, cancel))
            {
                var terms = TrainStep(model, optimizer, batch, dropout, lastPath);
                sums.Add(terms, batch.UnlabeledTruth);
                stepsRun++;
                line.Step(string.Create(CultureInfo.InvariantCulture,
                    $"{label}epoch {epoch + 1}/{options.Epochs} step {batch.Step + 1}/{loader.StepsPerEpoch} loss {terms.Total:F4}{Term(" ce", terms.CrossEntropy)}{Term(" dice", terms.Dice)}{Term(" lu", terms.PseudoLabel)}{Term(" kl", terms.Consistency)}{Val(log)}"), stepUnits);
                if (stepsRun >= totalSteps) break;
            }
            if (progress is null) line.Break();
            var validation = Validate(model);
            var valLoss = validation.Loss;
            var record = sums.Record(epoch + 1, optimizer.LearningRate, validation, (DateTime.UtcNow - started).TotalSeconds);
            var improved = valLoss is not { } v || !(v >= best);
            if (improved)
            {
                best = valLoss ?? double.PositiveInfinity;
                bestEpoch = epoch + 1;
            }
            var meta = new Dictionary<string, string>(options.CheckpointMetadata)
            {
                [ResumePoint.EpochKey] = (epoch + 1).ToString(CultureInfo.InvariantCulture),
                [ResumePoint.DropoutOffsetKey] = dropout.Offset.ToString(CultureInfo.InvariantCulture),
                [ResumePoint.BestLossKey] = best.ToString("R", CultureInfo.InvariantCulture),
                [ResumePoint.SeedKey] = options.Seed.ToString(CultureInfo.InvariantCulture),
            };
            Checkpoint.Save(lastPath, model, optimizer, meta);
            if (improved) Checkpoint.Save(bestPath, model, null, meta);
            log.Append(record);
            lastEpoch = epoch + 1;
            var scores = valLoss is { } loss
                ? string.Create(CultureInfo.InvariantCulture, $", val loss {loss:F4}{Term(", val accuracy", validation.Accuracy)}{Term(", val Dice", validation.Dice)}{(improved ? " (best)" : "")}")
                : " (no validation data)";
            var cross = string.Create(CultureInfo.InvariantCulture, $"{Term(", cross-domain val accuracy", validation.CrossAccuracy)}{Term(", cross-domain val Dice", validation.CrossDice)}");
            if (progress is null) status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}: train loss {record.Loss:F4}{scores}{cross}"));
        }
        var stoppedEarly = lastEpoch < options.Epochs;
        if (stoppedEarly)
        {
            status.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Stopped by --max-steps {options.MaxSteps} after {stepsRun} steps, in epoch {lastEpoch} of {options.Epochs}; {LastName} continues from epoch {lastEpoch + 1} with --resume."));
        }
        return new TrainResult(model, lastPath, bestPath, log.Records, startEpoch + 1, lastEpoch, stepsRun, stoppedEarly, bestEpoch, validated);
    }

    /// <summary>Whether the model's tasks have validation data to choose the best checkpoint.</summary>
    private bool HasValidation(MultiMixNet model) =>
        (model.Config.Variant.Segments() ? data.SegValidation?.Count ?? 0 : 0) + (model.Config.Variant.Classifies() ? data.ClsValidation?.Count ?? 0 : 0) > 0;

    /// <summary>Says at the start which validation data chooses the best checkpoint; false when there is none.</summary>
    private bool DescribeValidation(MultiMixNet model)
    {
        var seg = model.Config.Variant.Segments() ? data.SegValidation?.Count ?? 0 : 0;
        var cls = model.Config.Variant.Classifies() ? data.ClsValidation?.Count ?? 0 : 0;
        if (seg + cls == 0)
        {
            status.WriteLine($"Validation: none (no validation data for this model's tasks: --seg-val and --cls-val), so {BestName} is the last epoch's.");
            return false;
        }

        var parts = new List<string>();
        if (seg > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seg} segmentation"));
        if (cls > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{cls} classification"));
        status.WriteLine($"Validation: {string.Join(" and ", parts)} images; {BestName} is the epoch with the lowest validation loss.");
        return true;
    }

    /// <summary>
    /// Continues the history and the best checkpoint of the run being resumed: from its own folder, or copied from
    /// the checkpoint's folder into another one. Returns the best validation loss so far and its epoch; when no
    /// best checkpoint of epochs 1..N is found, the best is chosen again from epoch N+1 on, and the run says so.
    /// </summary>
    private (double Best, int Epoch) CarryOver(ResumePoint point, MetricsLog log, string bestPath)
    {
        var sameFolder = string.Equals(point.Folder, Path.GetFullPath(options.OutputFolder), StringComparison.Ordinal);
        var sourceLog = Path.Combine(point.Folder, LogName);
        var history = MetricsLog.Read(sourceLog, point.Epoch);
        log.Continue(history);
        if (history.Count < point.Epoch)
        {
            status.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Note: {sourceLog} holds {history.Count} of the {point.Epoch} epochs before this one; the history continues without the others."));
        }

        var sourceBest = Path.Combine(point.Folder, BestName);
        var bestEpoch = EpochOf(sourceBest);
        if (bestEpoch is not { } epoch || epoch > point.Epoch)
        {
            status.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Note: no best checkpoint of epochs 1..{point.Epoch} beside {point.Path}; {BestName} is chosen from epoch {point.Epoch + 1} on."));
            return (double.PositiveInfinity, 0);
        }

        if (!sameFolder)
        {
            AtomicFile.Write(bestPath, target =>
            {
                using var source = File.OpenRead(sourceBest);
                source.CopyTo(target);
            });
            status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Carried over from {point.Folder}: the history of epochs 1..{point.Epoch} and {BestName} (epoch {epoch})."));
        }

        return (point.BestLoss, epoch);
    }

    /// <summary>The epoch a checkpoint holds, or null when it is missing or unreadable.</summary>
    private static int? EpochOf(string checkpoint)
    {
        if (!File.Exists(checkpoint)) return null;
        try
        {
            return Checkpoint.Read(checkpoint).Metadata.TryGetValue(ResumePoint.EpochKey, out var e) && int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : null;
        }
        catch (CheckpointException)
        {
            return null;
        }
    }

    private (MultiMixNet Model, Adam Adam, int StartEpoch, RandomStream Dropout) Start(ResumePoint? point)
    {
        var dropoutSeed = DropoutSeed(options.Seed);
        if (point is null)
        {
            var fresh = new MultiMixNet(backend, options.Model, InitSeed(options.Seed));
            return (fresh, new Adam(fresh.NamedParameters(), options.LearningRate), 0, new RandomStream(dropoutSeed));
        }

        var model = new MultiMixNet(backend, point.File.Config!, 0);
        var adam = new Adam(model.NamedParameters(), options.LearningRate);
        try
        {
            point.File.LoadInto(model, adam);
        }
        catch
        {
            adam.Dispose();
            model.Dispose();
            throw;
        }
        status.WriteLine($"Resuming from {point.Path} after epoch {point.Epoch}.");
        return (model, adam, point.Epoch, new RandomStream(dropoutSeed, point.DropoutOffset));
    }

    private LossTerms TrainStep(MultiMixNet model, Adam adam, StepBatch batch, RandomStream dropout, string lastPath) =>
        TrainingStep.Run(model, adam, options.Weights, options.ConfidenceThreshold, batch.Inputs, dropout, terms =>
        {
            if (!float.IsFinite(terms.Total))
            {
                var keep = File.Exists(lastPath) ? $"the last good checkpoint is {lastPath}" : "no checkpoint was written yet";
                throw new TrainingDivergedException($"the loss became {terms.Total} at epoch {batch.Epoch + 1} step {batch.Step + 1}; {keep} (try a lower --lr).");
            }
        });

    /// <summary>The validation scores of one epoch; the loss (in-domain; null without validation data) chooses the best checkpoint.</summary>
    private sealed record Validation(double? Loss, double? Accuracy, double? F1Pneumonia, double? Dice, double? CrossAccuracy, double? CrossF1Pneumonia, double? CrossDice);

    /// <summary>
    /// The training objective on the validation sets (the model's own loss code, under no-grad on the backend;
    /// a set contributes the terms it has labels for), the validation accuracy, F1-P and Dice, and the same
    /// scores on the cross-domain validation sets where the data has them.
    /// </summary>
    private Validation Validate(MultiMixNet model)
    {
        double? loss = null;
        double? accuracy = null, f1 = null, dice = null, crossAccuracy = null, crossF1 = null, crossDice = null;
        var segments = model.Config.Variant.Segments();
        var classifies = model.Config.Variant.Classifies();
        if (segments && data.SegValidation is { Count: > 0 } seg)
        {
            var e = Evaluator.Segmentation(model, seg, options.Weights);
            dice = e.Mean.Dice;
            loss = (loss ?? 0) + e.Loss!.Value;
        }
        if (classifies && data.ClsValidation is { Count: > 0 } cls)
        {
            var e = Evaluator.Classification(model, cls, options.Weights);
            accuracy = e.Scores.Accuracy;
            f1 = e.Scores.F1Pneumonia;
            loss = (loss ?? 0) + e.Loss!.Value;
        }
        if (segments && data.SegCrossValidation is { Count: > 0 } crossSeg)
        {
            crossDice = Evaluator.Segmentation(model, crossSeg).Mean.Dice;
        }
        if (classifies && data.ClsCrossValidation is { Count: > 0 } crossCls)
        {
            var scores = Evaluator.Classification(model, crossCls).Scores;
            crossAccuracy = scores.Accuracy;
            crossF1 = scores.F1Pneumonia;
        }
        return new Validation(loss, accuracy, f1, dice, crossAccuracy, crossF1, crossDice);
    }

    private static string Term(string name, double? value) =>
        value is { } v && !double.IsNaN(v) ? string.Create(CultureInfo.InvariantCulture, $"{name} {v:F4}") : "";

    private static string Val(MetricsLog log) =>
        log.Records.Count == 0 ? "" : $" |{Term(" val acc", log.Records[^1].ValidationAccuracy)}{Term(" val Dice", log.Records[^1].ValidationDice)}";

    /// <summary>Running means of the loss terms over an epoch, and the counts behind the pseudo-label diagnostics.</summary>
    private sealed class TermSums
    {
        private readonly double[] _sum = new double[6];
        private readonly int[] _count = new int[6];
        private readonly PseudoLabelTally _pseudo = new();

        public void Add(LossTerms t, int[] unlabeledTruth)
        {
            double[] v = [t.Total, t.CrossEntropy, t.Dice, t.PseudoLabel, t.Consistency, t.MaskRate];
            for (var i = 0; i < v.Length; i++)
            {
                if (double.IsNaN(v[i])) continue;
                _sum[i] += v[i];
                _count[i]++;
            }
            if (t.PseudoLabels is { } p) _pseudo.Add(p, unlabeledTruth);
        }

        private double? Mean(int i) => _count[i] == 0 ? null : _sum[i] / _count[i];

        public EpochRecord Record(int epoch, double lr, Validation v, double seconds) =>
            new(epoch, lr, _count[0], Mean(0) ?? double.NaN, Mean(1), Mean(2), Mean(3), Mean(4), Mean(5), v.Loss, v.Accuracy, v.Dice, seconds)
            {
                PseudoLabelAccuracy = _pseudo.Accuracy,
                PseudoLabelPneumonia = _pseudo.PneumoniaShare,
                UnlabeledPneumonia = _pseudo.TruePneumoniaShare,
                MaskRateNormal = _pseudo.MaskRateOf(ClassificationScores.Normal),
                MaskRatePneumonia = _pseudo.MaskRateOf(ClassificationScores.Pneumonia),
                WeakAccuracy = _pseudo.WeakAccuracy,
                ValidationF1Pneumonia = v.F1Pneumonia,
                CrossValidationAccuracy = v.CrossAccuracy,
                CrossValidationF1Pneumonia = v.CrossF1Pneumonia,
                CrossValidationDice = v.CrossDice,
            };
    }
}
