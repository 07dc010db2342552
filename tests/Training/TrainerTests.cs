using MultiMix.Model.Networks;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Serialization;
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

    /// <summary>Synthetic classification images whose classes are flipped (the same pictures).</summary>
    private sealed class FlippedLabels(IImageSource<ClassificationSample> inner) : IImageSource<ClassificationSample>
    {
        public int Count => inner.Count;

        public ClassificationSample Load(int index, int size) => inner.Load(index, size) with { Label = 1 - inner.Load(index, size).Label };
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

    private static DataSets SslData(IImageSource<ClassificationSample> unlabeled) => new(
        null, null, null, null,
        new SyntheticClassificationSource(6, SyntheticDomain.A, 11), unlabeled, new SyntheticClassificationSource(4, SyntheticDomain.A, 12), null,
        ClsCrossValidation: new SyntheticClassificationSource(4, SyntheticDomain.B, 13));

    private static TrainOptions SslOptions(string folder) => new()
    {
        Model = new ModelConfig(ModelVariant.EncSsl, 2, 32),
        OutputFolder = folder,
        Epochs = 2,
        BatchPerStream = 3,
        LearningRate = 1e-3f,
        StepsPerEpoch = 2,
    };

    /// <summary>
    /// The unlabeled images' true classes travel with the batch for the diagnostics only: flipping every one of
    /// them changes the logged weak-view accuracy to its complement and leaves the trained weights bit for bit.
    /// </summary>
    [Fact]
    public void The_truth_of_unlabeled_images_reaches_the_diagnostics_but_never_the_loss()
    {
        using var temp = new TempFolder();
        var unlabeled = new SyntheticClassificationSource(9, SyntheticDomain.A, 14);
        var plain = new Trainer(SslOptions(Path.Combine(temp.Path, "plain")), SslData(unlabeled), CpuBackend.Shared, TextWriter.Null, false).Run();
        plain.Model.Dispose();
        var flipped = new Trainer(SslOptions(Path.Combine(temp.Path, "flipped")), SslData(new FlippedLabels(unlabeled)), CpuBackend.Shared, TextWriter.Null, false).Run();
        flipped.Model.Dispose();

        var a = SafeTensors.Read(plain.LastCheckpoint);
        var b = SafeTensors.Read(flipped.LastCheckpoint);
        foreach (var (name, t) in a.Tensors) Assert.True(t.Floats.AsSpan().SequenceEqual(b.Tensors[name].Floats), $"{name} depends on the hidden classes");
        for (var e = 0; e < 2; e++)
        {
            var p = plain.History[e];
            var f = flipped.History[e];
            Assert.Equal(1.0, p.WeakAccuracy!.Value + f.WeakAccuracy!.Value, 12);
            Assert.Equal(1.0, p.UnlabeledPneumonia!.Value + f.UnlabeledPneumonia!.Value, 12);
            Assert.Equal(p.MaskRate, f.MaskRate);
        }
    }

    [Fact]
    public void Each_epoch_logs_its_steps_pseudo_labels_and_cross_domain_validation()
    {
        using var temp = new TempFolder();
        var result = new Trainer(SslOptions(temp.Path), SslData(new SyntheticClassificationSource(9, SyntheticDomain.A, 14)), CpuBackend.Shared, TextWriter.Null, false).Run();
        result.Model.Dispose();

        var lines = File.ReadAllLines(Path.Combine(temp.Path, Trainer.LogName));
        Assert.Equal(2, lines.Length);
        Assert.All(result.History, r => Assert.Equal(2, r.Steps));
        foreach (var key in new[] { "\"mask_rate\"", "\"weak_accuracy\"", "\"unlabeled_pneumonia\"", "\"mask_rate_normal\"", "\"val_f1_pneumonia\"", "\"val_cross_accuracy\"", "\"val_cross_f1_pneumonia\"" })
        {
            Assert.All(lines, l => Assert.Contains(key, l, StringComparison.Ordinal));
        }
        Assert.All(result.History, r => Assert.InRange(r.CrossValidationAccuracy!.Value, 0, 1));
        Assert.All(result.History, r => Assert.Null(r.CrossValidationDice));
    }

    [Fact]
    public void An_epoch_can_be_a_fixed_number_of_steps()
    {
        var data = SslData(new SyntheticClassificationSource(30, SyntheticDomain.A, 14));
        Assert.Equal(10, new BatchLoader(data, ModelVariant.EncSsl, 3, 32, 1).StepsPerEpoch);
        var loader = new BatchLoader(data, ModelVariant.EncSsl, 3, 32, 1, stepsPerEpoch: 4);
        Assert.Equal(4, loader.StepsPerEpoch);
        Assert.Equal(4, loader.Epoch(1, CancellationToken.None).Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(data, ModelVariant.EncSsl, 3, 32, 1, stepsPerEpoch: 0));
    }
}
