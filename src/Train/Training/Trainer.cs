using System.Globalization;
using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Gradients;
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
/// Data-parallel (<paramref name="world"/> of several ranks, docs/distributed.md): every rank builds its equal part
/// of each stream of the global batch, draws the dropout masks its images draw in the global batch, runs forward and
/// backward, and the flat gradient buffer is averaged across the ranks before the (identical) Adam step, so N ranks
/// compute what one process computes for the same global batch, up to the order of the gradient sums. The loss
/// terms and the validation (each rank scores its part of the validation sets) are summed across the ranks; rank 0
/// alone writes checkpoints and the metrics log and prints; a failure on any rank stops all of them. The
/// pseudo-label diagnostics of a data-parallel run count rank 0's part of each batch.
/// </summary>
public sealed class Trainer(TrainOptions options, DataSets data, IBackend backend, TextWriter status, bool interactive, ResumePoint? resume = null, ProgressLine? progress = null, string label = "", TrainingWorld? world = null)
{
    public const string LastName = "last.safetensors";
    public const string BestName = "best.safetensors";
    public const string LogName = "metrics.jsonl";

    private readonly TrainingWorld _world = world ?? TrainingWorld.Single;

    /// <summary>The seed of a fresh model's initial weights in a run of seed <paramref name="seed"/>.</summary>
    public static ulong InitSeed(ulong seed) => SeededRandom.Derive(seed, 0x1417);

    /// <summary>The seed of a run's dropout stream.</summary>
    public static ulong DropoutSeed(ulong seed) => SeededRandom.Derive(seed, 0xD2);

    public TrainResult Run(CancellationToken cancel = default)
    {
        var say = _world.Status(status);
        _world.RootWrites(() => Directory.CreateDirectory(options.OutputFolder));
        var lastPath = Path.Combine(options.OutputFolder, LastName);
        var bestPath = Path.Combine(options.OutputFolder, BestName);
        var point = resume ?? _world.Agreed(() => options.ResumeFrom is { } from ? ResumePoint.Read(from, options.Epochs) : null);
        var log = new MetricsLog(Path.Combine(options.OutputFolder, LogName));
        var (best, bestEpoch) = point is null ? (double.PositiveInfinity, 0) : CarryOver(point, log, bestPath, say);
        var (model, adam, startEpoch, start) = _world.Agreed(() => Start(point, say));
        using var optimizer = adam;
        if (_world.IsDistributed) RankConsensus.RequireSame(_world.Communicator, Checksum(model), "the initial weights (a checksum of every parameter)");
        using var reducer = DeviceGradientReducer.Create(_world.Communicator, model.Flat!.Gradients);
        var loader = _world.Agreed(() => new BatchLoader(data, model.Config.Variant, options.BatchPerStream, model.Config.ImageSize, options.Seed, stepsPerEpoch: options.StepsPerEpoch, world: _world.Ranks));
        var dropout = new RandomStream(start.Seed, start.Offset) { Placement = loader.Placement };
        var schedule = new StepLr(options.LearningRate, options.LrStepEpochs, options.LrGamma);
        var planned = (options.Epochs - startEpoch) * loader.StepsPerEpoch;
        var totalSteps = options.MaxSteps is { } cap ? Math.Min(planned, cap) : planned;
        var line = progress ?? new ProgressLine(say, interactive, Math.Max(1, totalSteps));
        var stepUnits = progress is null ? 1 : loader.Layout.Total;
        var stepsRun = 0;
        var lastEpoch = startEpoch;
        if (progress is null)
        {
            say.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Training {model.Config.Variant.Name()} (width {model.Config.Width}, {model.Config.ImageSize}px, {model.ParameterCount():N0} parameters) on {backend.Name}: epochs {startEpoch + 1}..{options.Epochs}, {loader.StepsPerEpoch} steps each, {options.BatchPerStream} images per stream"));
        }
        if (_world.IsDistributed)
        {
            say.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Data-parallel: {_world.Ranks.Size} ranks, {Images(options.BatchPerStream / _world.Ranks.Size)} per stream each; gradients averaged by {reducer.Kind} ({reducer.Length:N0} floats per step)."));
        }
        var validated = progress is null ? DescribeValidation(model, say) : HasValidation(model);

        for (var epoch = startEpoch; epoch < options.Epochs && stepsRun < totalSteps; epoch++)
        {
            var started = DateTime.UtcNow;
            optimizer.LearningRate = schedule.RateAt(epoch);
            var sums = new TermSums();
            using var batches = loader.Epoch(epoch, cancel).GetEnumerator();
            while (stepsRun < totalSteps)
            {
                var local = _world.Agreed(() => batches.MoveNext() ? LocalStep(model, batches.Current, dropout, lastPath) : null);
                if (local is null) break;
                reducer.AllReduceMean();
                TrainingStep.Update(model, optimizer);
                var terms = MeanOverRanks(local);
                sums.Add(terms, local.PseudoLabels, batches.Current.UnlabeledTruth);
                stepsRun++;
                line.Step(string.Create(CultureInfo.InvariantCulture,
                    $"{label}epoch {epoch + 1}/{options.Epochs} step {batches.Current.Step + 1}/{loader.StepsPerEpoch} loss {terms.Total:F4}{Term(" ce", terms.CrossEntropy)}{Term(" dice", terms.Dice)}{Term(" lu", terms.PseudoLabel)}{Term(" kl", terms.Consistency)}{Val(log)}"), stepUnits);
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
                [ResumePoint.WorldSizeKey] = _world.Ranks.Size.ToString(CultureInfo.InvariantCulture),
            };
            log.Add(record);
            _world.RootWrites(() =>
            {
                Checkpoint.Save(lastPath, model, optimizer, meta);
                if (improved) Checkpoint.Save(bestPath, model, null, meta);
                log.Write();
            });
            lastEpoch = epoch + 1;
            var scores = valLoss is { } loss
                ? string.Create(CultureInfo.InvariantCulture, $", val loss {loss:F4}{Term(", val accuracy", validation.Accuracy)}{Term(", val Dice", validation.Dice)}{(improved ? " (best)" : "")}")
                : " (no validation data)";
            var cross = string.Create(CultureInfo.InvariantCulture, $"{Term(", cross-domain val accuracy", validation.CrossAccuracy)}{Term(", cross-domain val Dice", validation.CrossDice)}");
            if (progress is null) say.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}: train loss {record.Loss:F4}{scores}{cross}"));
        }
        var stoppedEarly = lastEpoch < options.Epochs;
        if (stoppedEarly)
        {
            say.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Stopped by --max-steps {options.MaxSteps} after {stepsRun} steps, in epoch {lastEpoch} of {options.Epochs}; {LastName} continues from epoch {lastEpoch + 1} with --resume."));
        }
        return new TrainResult(model, lastPath, bestPath, log.Records, startEpoch + 1, lastEpoch, stepsRun, stoppedEarly, bestEpoch, validated);
    }

    /// <summary>Whether the model's tasks have validation data to choose the best checkpoint.</summary>
    private bool HasValidation(MultiMixNet model) =>
        (model.Config.Variant.Segments() ? data.SegValidation?.Count ?? 0 : 0) + (model.Config.Variant.Classifies() ? data.ClsValidation?.Count ?? 0 : 0) > 0;

    /// <summary>Says at the start which validation data chooses the best checkpoint; false when there is none.</summary>
    private bool DescribeValidation(MultiMixNet model, TextWriter say)
    {
        var seg = model.Config.Variant.Segments() ? data.SegValidation?.Count ?? 0 : 0;
        var cls = model.Config.Variant.Classifies() ? data.ClsValidation?.Count ?? 0 : 0;
        if (seg + cls == 0)
        {
            say.WriteLine($"Validation: none (no validation data for this model's tasks: --seg-val and --cls-val), so {BestName} is the last epoch's.");
            return false;
        }

        var parts = new List<string>();
        if (seg > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seg} segmentation"));
        if (cls > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{cls} classification"));
        say.WriteLine($"Validation: {string.Join(" and ", parts)} images; {BestName} is the epoch with the lowest validation loss{(_world.IsDistributed ? ", each rank scoring its part" : "")}.");
        return true;
    }

    /// <summary>
    /// Continues the history and the best checkpoint of the run being resumed: from its own folder, or copied from
    /// the checkpoint's folder into another one. Returns the best validation loss so far and its epoch; when no
    /// best checkpoint of epochs 1..N is found, the best is chosen again from epoch N+1 on, and the run says so.
    /// Rank 0 reads and writes the files; the other ranks receive its answer.
    /// </summary>
    private (double Best, int Epoch) CarryOver(ResumePoint point, MetricsLog log, string bestPath, TextWriter say)
    {
        var carried = new double[2];
        _world.RootWrites(() => (carried[0], carried[1]) = CarryOverFiles(point, log, bestPath, say));
        _world.FromRoot(carried);
        return (carried[0], (int)carried[1]);
    }

    private (double Best, int Epoch) CarryOverFiles(ResumePoint point, MetricsLog log, string bestPath, TextWriter say)
    {
        var sameFolder = string.Equals(point.Folder, Path.GetFullPath(options.OutputFolder), StringComparison.Ordinal);
        var sourceLog = Path.Combine(point.Folder, LogName);
        var history = MetricsLog.Read(sourceLog, point.Epoch);
        log.Continue(history);
        if (history.Count < point.Epoch)
        {
            say.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Note: {sourceLog} holds {history.Count} of the {point.Epoch} epochs before this one; the history continues without the others."));
        }

        var sourceBest = Path.Combine(point.Folder, BestName);
        var bestEpoch = EpochOf(sourceBest);
        if (bestEpoch is not { } epoch || epoch > point.Epoch)
        {
            say.WriteLine(string.Create(CultureInfo.InvariantCulture,
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
            say.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Carried over from {point.Folder}: the history of epochs 1..{point.Epoch} and {BestName} (epoch {epoch})."));
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

    private (MultiMixNet Model, Adam Adam, int StartEpoch, RandomStream Dropout) Start(ResumePoint? point, TextWriter say)
    {
        var dropoutSeed = DropoutSeed(options.Seed);
        if (point is null)
        {
            var fresh = new MultiMixNet(backend, options.Model, InitSeed(options.Seed));
            return (fresh, new Adam(fresh.Flat!, options.LearningRate), 0, new RandomStream(dropoutSeed));
        }

        var model = new MultiMixNet(backend, point.File.Config!, 0);
        var adam = new Adam(model.Flat!, options.LearningRate);
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
        say.WriteLine($"Resuming from {point.Path} after epoch {point.Epoch}.");
        var ranks = _world.Ranks.Size;
        if (point.WorldSize != ranks)
        {
            say.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Note: the run was trained by {Processes(point.WorldSize)} and continues on {Processes(ranks)}: the global batch ({options.BatchPerStream} images per stream), its images, augmentations and dropout masks stay the same, so only the order in which the gradients are summed changes (the weights differ from an uninterrupted run in their last bits)."));
        }
        return (model, adam, point.Epoch, new RandomStream(dropoutSeed, point.DropoutOffset));
    }

    private static string Images(int count) => count == 1 ? "1 image" : string.Create(CultureInfo.InvariantCulture, $"{count} images");

    private static string Processes(int ranks) => ranks == 1 ? "one process" : string.Create(CultureInfo.InvariantCulture, $"{ranks} ranks");

    /// <summary>A checksum of every parameter's bits: ranks that start from different weights would train apart.</summary>
    private static long Checksum(MultiMixNet model)
    {
        var flat = model.Flat!;
        var values = new float[flat.Length];
        flat.Backend.Download(flat.Values, values);
        var hash = 14695981039346656037UL;
        foreach (var value in values)
        {
            hash = (hash ^ BitConverter.SingleToUInt32Bits(value)) * 1099511628211UL;
        }
        return (long)(hash >> 2);
    }

    /// <summary>
    /// This rank's part of a step: upload, forward, the objective (a non-finite loss stops the run before anything
    /// is updated), backward into the flat gradient buffer. The update follows once the gradients are averaged.
    /// </summary>
    private LossTerms LocalStep(MultiMixNet model, StepBatch batch, RandomStream dropout, string lastPath) =>
        TrainingStep.Backward(model, options.Weights, options.ConfidenceThreshold, batch.Inputs, dropout, terms =>
        {
            if (!float.IsFinite(terms.Total))
            {
                var keep = File.Exists(lastPath) ? $"the last good checkpoint is {lastPath}" : "no checkpoint was written yet";
                throw new TrainingDivergedException($"the loss became {terms.Total} at epoch {batch.Epoch + 1} step {batch.Step + 1}; {keep} (try a lower --lr).");
            }
        });

    /// <summary>The loss terms of the global batch: the mean of the ranks' (equal parts, so equal weights).</summary>
    private LossTerms MeanOverRanks(LossTerms t)
    {
        if (!_world.IsDistributed) return t;
        Span<double> v = [t.Total, t.CrossEntropy, t.Dice, t.PseudoLabel, t.Consistency, t.MaskRate];
        _world.Sum(v);
        double n = _world.Ranks.Size;
        return new LossTerms((float)(v[0] / n), (float)(v[1] / n), (float)(v[2] / n), (float)(v[3] / n), (float)(v[4] / n), (float)(v[5] / n));
    }

    /// <summary>The validation scores of one epoch; the loss (in-domain; null without validation data) chooses the best checkpoint.</summary>
    private sealed record Validation(double? Loss, double? Accuracy, double? F1Pneumonia, double? Dice, double? CrossAccuracy, double? CrossF1Pneumonia, double? CrossDice);

    /// <summary>
    /// The training objective on the validation sets (the model's own loss code, under no-grad on the backend;
    /// a set contributes the terms it has labels for), the validation accuracy, F1-P and Dice, and the same
    /// scores on the cross-domain validation sets where the data has them (never the loss: they do not choose the
    /// checkpoint). Each rank scores its contiguous part of each set, and the sums behind the scores (losses, Dice,
    /// images, the confusion counts) are summed across the ranks, so the result is the single process's up to the
    /// order of those sums.
    /// </summary>
    private Validation Validate(MultiMixNet model)
    {
        var segments = model.Config.Variant.Segments();
        var classifies = model.Config.Variant.Classifies();
        var seg = segments && data.SegValidation is { Count: > 0 } s ? s : null;
        var cls = classifies && data.ClsValidation is { Count: > 0 } c ? c : null;
        var crossSeg = segments && data.SegCrossValidation is { Count: > 0 } xs ? xs : null;
        var crossCls = classifies && data.ClsCrossValidation is { Count: > 0 } xc ? xc : null;
        if (seg is null && cls is null && crossSeg is null && crossCls is null) return new Validation(null, null, null, null, null, null, null);
        var sums = _world.Agreed(() =>
        {
            var local = new double[ValidationSums.Length];
            if (seg is not null && Part(seg) is { Count: > 0 } segPart)
            {
                var e = Evaluator.Segmentation(model, segPart, options.Weights);
                local[ValidationSums.SegLoss] = e.LossSum!.Value;
                local[ValidationSums.SegImages] = segPart.Count;
                foreach (var image in e.PerImage) local[ValidationSums.SegDice] += image.Dice;
            }
            if (cls is not null && Part(cls) is { Count: > 0 } clsPart)
            {
                var e = Evaluator.Classification(model, clsPart, options.Weights);
                local[ValidationSums.ClsLoss] = e.LossSum!.Value;
                ValidationSums.AddConfusion(local, ValidationSums.ClsConfusion, e.Predicted, e.Actual);
            }
            if (crossSeg is not null && Part(crossSeg) is { Count: > 0 } crossSegPart)
            {
                local[ValidationSums.CrossSegImages] = crossSegPart.Count;
                foreach (var image in Evaluator.Segmentation(model, crossSegPart).PerImage) local[ValidationSums.CrossSegDice] += image.Dice;
            }
            if (crossCls is not null && Part(crossCls) is { Count: > 0 } crossClsPart)
            {
                var e = Evaluator.Classification(model, crossClsPart);
                ValidationSums.AddConfusion(local, ValidationSums.CrossClsConfusion, e.Predicted, e.Actual);
            }
            return local;
        });
        _world.Sum(sums);
        double? loss = null, dice = null, crossDice = null;
        ClassificationScores? scores = null, crossScores = null;
        if (seg is not null)
        {
            dice = sums[ValidationSums.SegDice] / sums[ValidationSums.SegImages];
            loss = (loss ?? 0) + (sums[ValidationSums.SegLoss] / sums[ValidationSums.SegImages]);
        }
        if (cls is not null)
        {
            scores = ValidationSums.Scores(sums, ValidationSums.ClsConfusion);
            loss = (loss ?? 0) + (sums[ValidationSums.ClsLoss] / scores.Confusion.Total);
        }
        if (crossSeg is not null) crossDice = sums[ValidationSums.CrossSegDice] / sums[ValidationSums.CrossSegImages];
        if (crossCls is not null) crossScores = ValidationSums.Scores(sums, ValidationSums.CrossClsConfusion);
        return new Validation(loss, scores?.Accuracy, scores?.F1Pneumonia, dice, crossScores?.Accuracy, crossScores?.F1Pneumonia, crossDice);
    }

    /// <summary>Where each sum behind the validation scores sits in the array the ranks add up.</summary>
    private static class ValidationSums
    {
        public const int SegLoss = 0;
        public const int SegImages = 1;
        public const int SegDice = 2;
        public const int ClsLoss = 3;
        public const int ClsConfusion = 4;
        public const int CrossSegImages = 8;
        public const int CrossSegDice = 9;
        public const int CrossClsConfusion = 10;
        public const int Length = 14;

        /// <summary>Counts (actual, predicted) of two classes into the four slots from <paramref name="at"/>.</summary>
        public static void AddConfusion(double[] sums, int at, int[] predicted, int[] actual)
        {
            for (var i = 0; i < predicted.Length; i++) sums[at + (2 * actual[i]) + predicted[i]]++;
        }

        /// <summary>The scores of the summed confusion counts from <paramref name="at"/>.</summary>
        public static ClassificationScores Scores(double[] sums, int at)
        {
            var confusion = new ConfusionMatrix(2);
            for (var a = 0; a < 2; a++)
            {
                for (var p = 0; p < 2; p++) confusion.Add(a, p, (long)sums[at + (2 * a) + p]);
            }
            return ClassificationScores.Of(confusion);
        }
    }

    /// <summary>This rank's contiguous part of a validation set (the whole set for one process).</summary>
    private IImageSource<T> Part<T>(IImageSource<T> source)
    {
        var shard = Shard.Contiguous(source.Count, _world.Ranks);
        return shard.Count == source.Count ? source : new Subset<T>(source, [.. Enumerable.Range(shard.Start, shard.Count)]);
    }

    private static string Term(string name, double? value) =>
        value is { } v && !double.IsNaN(v) ? string.Create(CultureInfo.InvariantCulture, $"{name} {v:F4}") : "";

    private static string Val(MetricsLog log) =>
        log.Records.Count == 0 ? "" : $" |{Term(" val acc", log.Records[^1].ValidationAccuracy)}{Term(" val Dice", log.Records[^1].ValidationDice)}";

    /// <summary>Running means of the loss terms over an epoch.</summary>
    private sealed class TermSums
    {
        private readonly double[] _sum = new double[6];
        private readonly int[] _count = new int[6];
        private readonly PseudoLabelTally _pseudo = new();

        /// <summary>Adds a step's (global) loss terms, and this rank's pseudo-labels against its images' true classes.</summary>
        public void Add(LossTerms t, PseudoLabelBatch? pseudoLabels, int[] unlabeledTruth)
        {
            double[] v = [t.Total, t.CrossEntropy, t.Dice, t.PseudoLabel, t.Consistency, t.MaskRate];
            for (var i = 0; i < v.Length; i++)
            {
                if (double.IsNaN(v[i])) continue;
                _sum[i] += v[i];
                _count[i]++;
            }
            if (pseudoLabels is { } p) _pseudo.Add(p, unlabeledTruth);
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
