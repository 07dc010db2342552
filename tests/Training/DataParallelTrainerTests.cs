using System.Globalization;
using MultiMix.Distributed.Coordination;
using MultiMix.Distributed.Runtime;
using MultiMix.Model.Checkpoints;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Cpu;
using MultiMix.Tests.Distributed;
using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using MultiMix.Train.Training;
using Xunit;
using Xunit.Abstractions;

namespace MultiMix.Tests.Training;

/// <summary>
/// The trainer on N ranks in one process (threads with plain reference collectives, <see cref="ThreadedWorld"/>)
/// against one process on the same global batch. The mpirun tests (tests/Distributed/MpiTrainTests) run the
/// same comparison through `multimix train --distributed` under Open MPI.
/// </summary>
public sealed class DataParallelTrainerTests(ITestOutputHelper output)
{
    private static DataSets Data() => new(
        new CachedSource<SegmentationSample>(new SyntheticSegmentationSource(6, SyntheticDomain.A, 1)),
        new CachedSource<SegmentationSample>(new SyntheticSegmentationSource(6, SyntheticDomain.A, 2)),
        new CachedSource<SegmentationSample>(new SyntheticSegmentationSource(3, SyntheticDomain.A, 3)),
        null,
        new CachedSource<ClassificationSample>(new SyntheticClassificationSource(8, SyntheticDomain.A, 4)),
        new CachedSource<ClassificationSample>(new SyntheticClassificationSource(8, SyntheticDomain.A, 5)),
        new CachedSource<ClassificationSample>(new SyntheticClassificationSource(5, SyntheticDomain.A, 6)),
        null);

    private static TrainOptions Options(string folder, int perStream = 4) => new()
    {
        Model = new ModelConfig(ModelVariant.MultiMix, 2, 32),
        OutputFolder = folder,
        Epochs = 2,
        BatchPerStream = perStream,
        LearningRate = 1e-3f,
    };

    [Fact]
    public void TwoRanksTrainTheWeightsOneProcessTrainsOnTheSameGlobalBatch()
    {
        using var temp = new TempFolder();
        var single = new Trainer(Options(Path.Combine(temp.Path, "single")), Data(), new CpuBackend(), TextWriter.Null, false).Run();
        single.Model.Dispose();
        var (statuses, failures) = RunRanks(2, rank => Options(Path.Combine(temp.Path, rank == 0 ? "ranks" : "rank1")), _ => Data());
        Assert.All(failures, Assert.Null);

        var difference = CheckpointDifference.Between(Path.Combine(temp.Path, "single", Trainer.LastName), Path.Combine(temp.Path, "ranks", Trainer.LastName));
        output.WriteLine(difference.ToString());
        Assert.True(difference.IsSameTraining, difference.ToString());
        var history = MetricsLog.Read(Path.Combine(temp.Path, "single", Trainer.LogName), 2);
        var sharded = MetricsLog.Read(Path.Combine(temp.Path, "ranks", Trainer.LogName), 2);
        Assert.Equal(2, sharded.Count);
        foreach (var (a, b) in history.Zip(sharded))
        {
            Assert.Equal(a.Loss, b.Loss, 1e-4);
            Assert.Equal(a.ValidationLoss!.Value, b.ValidationLoss!.Value, 1e-4);
            Assert.Equal(a.ValidationAccuracy, b.ValidationAccuracy);
            Assert.Equal(a.ValidationDice!.Value, b.ValidationDice!.Value, 1e-6);
        }

        Assert.Contains("Data-parallel: 2 ranks, 2 images per stream each", statuses[0]);
        Assert.Equal("", statuses[1]);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "rank1")), "rank 1 wrote files");
    }

    [Fact]
    public void TheComparisonFailsWhenARankTrainsOnTheWrongPartOfTheBatch()
    {
        using var temp = new TempFolder();
        var single = new Trainer(Options(Path.Combine(temp.Path, "single")), Data(), new CpuBackend(), TextWriter.Null, false).Run();
        single.Model.Dispose();
        // Rank 1 draws the item after the one its part of the batch holds: its shard is shifted by one image.
        var (_, failures) = RunRanks(2, _ => Options(Path.Combine(temp.Path, "ranks")), rank => rank == 0 ? Data() : Shifted(Data()));
        Assert.All(failures, Assert.Null);

        var difference = CheckpointDifference.Between(Path.Combine(temp.Path, "single", Trainer.LastName), Path.Combine(temp.Path, "ranks", Trainer.LastName));
        output.WriteLine(difference.ToString());
        Assert.False(difference.IsSameTraining, difference.ToString());
    }

    /// <summary>Two ranks train the whole run into "whole" and stop after one epoch in "part"; returns the stopped checkpoint.</summary>
    private static string TrainWholeAndStopAfterOneEpoch(TempFolder temp)
    {
        var (_, whole) = RunRanks(2, rank => Options(Path.Combine(temp.Path, rank == 0 ? "whole" : "whole1")), _ => Data());
        Assert.All(whole, Assert.Null);
        var (_, first) = RunRanks(2, rank => Options(Path.Combine(temp.Path, rank == 0 ? "part" : "part1")) with { MaxSteps = StepsPerEpoch() }, _ => Data());
        Assert.All(first, Assert.Null);
        return Path.Combine(temp.Path, "part", Trainer.LastName);
    }

    [Fact]
    public void ResumedOnTheSameRanksARunContinuesBitForBitAsIfUninterrupted()
    {
        using var temp = new TempFolder();
        var stopped = TrainWholeAndStopAfterOneEpoch(temp);
        var (statuses, second) = RunRanks(2, rank => Options(Path.Combine(temp.Path, rank == 0 ? "part" : "part1")) with { ResumeFrom = stopped }, _ => Data());
        Assert.All(second, Assert.Null);

        Assert.Contains($"Resuming from {stopped} after epoch 1.", statuses[0]);
        Assert.DoesNotContain("continues on", statuses[0]);
        var a = Checkpoint.Read(Path.Combine(temp.Path, "whole", Trainer.LastName)).Tensors;
        var b = Checkpoint.Read(stopped).Tensors;
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var name in a.Keys) Assert.True(a[name].Floats!.SequenceEqual(b[name].Floats!), name);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "part1")), "rank 1 wrote files");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ResumedOnAnotherNumberOfRanksARunSaysWhatChangesAndTrainsTheSameModel(int ranks)
    {
        using var temp = new TempFolder();
        var stopped = TrainWholeAndStopAfterOneEpoch(temp);
        var (statuses, second) = RunRanks(ranks, rank => Options(Path.Combine(temp.Path, rank == 0 ? "part" : "other")) with { ResumeFrom = stopped }, _ => Data());
        Assert.All(second, Assert.Null);

        var note = Assert.Single(statuses[0].Split('\n'), l => l.StartsWith("Note: the run was trained by", StringComparison.Ordinal));
        Assert.Equal($"Note: the run was trained by 2 ranks and continues on {(ranks == 1 ? "one process" : $"{ranks} ranks")}: the global batch (4 images per stream), its images, augmentations and dropout masks stay the same, so only the order in which the gradients are summed changes (the weights differ from an uninterrupted run in their last bits).", note.TrimEnd('\r'));
        var difference = CheckpointDifference.Between(Path.Combine(temp.Path, "whole", Trainer.LastName), stopped);
        output.WriteLine(difference.ToString());
        Assert.True(difference.IsSameTraining, difference.ToString());
        Assert.Equal(ranks.ToString(CultureInfo.InvariantCulture), Checkpoint.Read(stopped).Metadata[ResumePoint.WorldSizeKey]);
    }

    [Fact]
    public void APerStreamBatchThatDoesNotSplitIsRefusedOnEveryRankInOneLine()
    {
        using var temp = new TempFolder();
        var (_, failures) = RunRanks(3, _ => Options(temp.Path), _ => Data());
        Assert.All(failures, f =>
        {
            var stopped = Assert.IsType<RankFailedException>(f);
            Assert.Equal(typeof(DistributedSetupException).FullName, stopped.FailedType);
            Assert.Equal("rank 0: the per-stream batch (--batch) of 4 does not split evenly across 3 ranks; use a multiple of 3 (2 more ranks failed too)", stopped.Message);
        });
    }

    [Fact]
    public void ARankWhoseLossDivergesStopsEveryRankWithItsMessage()
    {
        using var temp = new TempFolder();
        var (_, failures) = RunRanks(2, _ => Options(temp.Path), rank => rank == 0 ? Data() : Data() with { SegLabeled = new NanFrom(Data().SegLabeled!, 2) });
        Assert.All(failures, f =>
        {
            var stopped = Assert.IsType<RankFailedException>(f);
            Assert.Equal(typeof(TrainingDivergedException).FullName, stopped.FailedType);
            Assert.StartsWith("rank 1: the loss became NaN at epoch 1 step 2; no checkpoint was written yet", stopped.Message);
        });
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    private static int StepsPerEpoch() => new BatchLoader(Data(), ModelVariant.MultiMix, 4, 32, 1).StepsPerEpoch;

    /// <summary>Trains on <paramref name="ranks"/> thread ranks, each on its own CPU backend; returns what each printed and how each ended.</summary>
    private static (string[] Statuses, Exception?[] Failures) RunRanks(int ranks, Func<int, TrainOptions> options, Func<int, DataSets> data)
    {
        var statuses = Enumerable.Range(0, ranks).Select(_ => new StringWriter()).ToArray();
        var failures = new ThreadedWorld(ranks).Run(c =>
        {
            var rank = c.World.Rank;
            using var backend = new CpuBackend();
            var result = new Trainer(options(rank), data(rank), backend, statuses[rank], false, null, world: new TrainingWorld(c)).Run();
            result.Model.Dispose();
        });
        return ([.. statuses.Select(s => s.ToString())], failures);
    }

    private static DataSets Shifted(DataSets d) => d with
    {
        SegLabeled = new ShiftedSource<SegmentationSample>(d.SegLabeled!),
        SegUnlabeled = new ShiftedSource<SegmentationSample>(d.SegUnlabeled!),
        ClsLabeled = new ShiftedSource<ClassificationSample>(d.ClsLabeled!),
        ClsUnlabeled = new ShiftedSource<ClassificationSample>(d.ClsUnlabeled!),
    };

    /// <summary>Item i is the source's item i + 1.</summary>
    private sealed class ShiftedSource<T>(IImageSource<T> inner) : IImageSource<T>
    {
        public int Count => inner.Count;

        public T Load(int index, int size) => inner.Load((index + 1) % inner.Count, size);
    }

    /// <summary>Images that turn to NaN from the given step's batches on (counted in loads of this rank's two images per step).</summary>
    private sealed class NanFrom(IImageSource<SegmentationSample> inner, int step) : IImageSource<SegmentationSample>
    {
        private int _loads;

        public int Count => inner.Count;

        public SegmentationSample Load(int index, int size)
        {
            var sample = inner.Load(index, size);
            if (Interlocked.Increment(ref _loads) > (step - 1) * 2) Array.Fill(sample.Image.Pixels, float.NaN);
            return sample;
        }
    }
}
