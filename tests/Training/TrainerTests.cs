using MultiMix.Model.Networks;
using MultiMix.Tensors.Cpu;
using MultiMix.Tests.Support;
using MultiMix.Train.Data;
using MultiMix.Train.Data.Synthetic;
using MultiMix.Train.Training;
using Xunit;

namespace MultiMix.Tests.Training;

public sealed class TrainerTests
{
    /// <summary>Synthetic images, except that image <paramref name="poisoned"/> turns to NaN from the given epoch on.</summary>
    private sealed class PoisonedSource(IImageSource<SegmentationSample> inner, int poisoned) : IImageSource<SegmentationSample>
    {
        public bool Active { get; set; }

        public int Count => inner.Count;

        public SegmentationSample Load(int index, int size)
        {
            var s = inner.Load(index, size);
            if (Active && index == poisoned) Array.Fill(s.Image.Pixels, float.NaN);
            return s;
        }
    }

    private static DataSets Data(IImageSource<SegmentationSample> seg) => new(seg, null, new SyntheticSegmentationSource(2, SyntheticDomain.A, 9), null, null, null, null, null);

    private static TrainOptions Options(string folder, int epochs, string? resume = null) => new()
    {
        Model = new ModelConfig(ModelVariant.UNet, 2, 32),
        OutputFolder = folder,
        Epochs = epochs,
        BatchPerStream = 4,
        LearningRate = 1e-3f,
        ResumeFrom = resume,
    };

    [Fact]
    public void A_non_finite_loss_stops_training_and_keeps_the_last_good_checkpoint()
    {
        using var temp = new TempFolder();
        var source = new PoisonedSource(new SyntheticSegmentationSource(4, SyntheticDomain.A, 3), 2);
        var first = new Trainer(Options(temp.Path, 1), Data(source), CpuBackend.Shared, TextWriter.Null, false).Run();
        first.Model.Dispose();
        var last = Path.Combine(temp.Path, Trainer.LastName);
        var good = File.ReadAllBytes(last);

        source.Active = true;
        var e = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(Options(temp.Path, 3, last), Data(source), CpuBackend.Shared, TextWriter.Null, false).Run());
        Assert.Contains("NaN", e.Message);
        Assert.Contains("epoch 2", e.Message);
        Assert.Contains(last, e.Message);
        Assert.Equal(good, File.ReadAllBytes(last));
        Assert.Single(File.ReadAllLines(Path.Combine(temp.Path, Trainer.LogName)));
    }

    [Fact]
    public void An_epoch_is_one_pass_over_the_unlabeled_classification_set()
    {
        var data = new DataSets(
            new SyntheticSegmentationSource(3, SyntheticDomain.A, 1), new SyntheticSegmentationSource(5, SyntheticDomain.A, 2), null, null,
            new SyntheticClassificationSource(7, SyntheticDomain.A, 3), new SyntheticClassificationSource(21, SyntheticDomain.A, 4), null, null);
        var loader = new BatchLoader(data, ModelVariant.MultiMix, 4, 32, 1);
        Assert.Equal(6, loader.StepsPerEpoch);
        Assert.Equal(new MultiMix.Model.Losses.StreamLayout(4, 4, 4, 4), loader.Layout);
        var batches = loader.Epoch(0, CancellationToken.None).ToList();
        Assert.Equal(6, batches.Count);
        Assert.Equal(Enumerable.Range(0, 6), batches.Select(b => b.Step));
        Assert.All(batches, b => Assert.Equal(20 * 32 * 32, b.Images.Length));
        var again = loader.Build(0, 3);
        Assert.Equal(batches[3].Images, again.Images);
        Assert.Equal(batches[3].Labels, again.Labels);
        Assert.NotEqual(batches[3].Images, loader.Build(1, 3).Images);
    }
}
