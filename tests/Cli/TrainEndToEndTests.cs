using MultiMix.Tensors.Serialization;
using MultiMix.Tests.Data;
using MultiMix.Tests.Support;
using Xunit;

namespace MultiMix.Tests.Cli;

public sealed class TrainEndToEndTests
{
    [Fact]
    public void Train_then_eval_then_predict_on_synthetic_data()
    {
        using var temp = new TempFolder();
        var run = Path.Combine(temp.Path, "run");
        var train = CliRunner.Run(["train", .. CliRunner.Tiny(run, "--epochs", "1", "--max-steps", "3")]);
        Assert.True(train.ExitCode == 0, train.Status);
        Assert.True(File.Exists(Path.Combine(run, "best.safetensors")));
        Assert.True(File.Exists(Path.Combine(run, "last.safetensors")));
        Assert.Single(File.ReadAllLines(Path.Combine(run, "metrics.jsonl")));
        Assert.Contains("in-domain", train.Output);
        Assert.Contains("cross-domain", train.Output);
        Assert.True(File.Exists(Path.Combine(run, "report", "index.html")));
        Assert.True(File.Exists(Path.Combine(run, "report", "metrics.csv")));

        var best = Path.Combine(run, "best.safetensors");
        var evalOut = Path.Combine(temp.Path, "eval");
        var eval = CliRunner.Run(["eval", "--checkpoint", $"{best},{Path.Combine(run, "last.safetensors")}", .. CliRunner.TinyData(evalOut)]);
        Assert.True(eval.ExitCode == 0, eval.Status);
        var perImage = File.ReadAllLines(Path.Combine(evalOut, "report", "per_image.csv"));
        Assert.Equal(1 + (2 * (3 + 3)), perImage.Length);
        Assert.True(File.Exists(Path.Combine(evalOut, "report", "charts", "dice-boxplot.svg")));

        var images = Path.Combine(temp.Path, "images");
        Fixtures.RgbPng(temp.File("images", "colour.png"), 50, 70, (x, y) => new SixLabors.ImageSharp.PixelFormats.Rgb24((byte)(x * 5), (byte)(y * 3), 90));
        Fixtures.Gray16Png(temp.File("images", "deep.png"), 40, 40, (x, y) => (ushort)(x * y * 40));
        var predictOut = Path.Combine(temp.Path, "predicted");
        var predict = CliRunner.Run("predict", "--checkpoint", best, "--input", images, "--out", predictOut, "--save-logits");
        Assert.True(predict.ExitCode == 0, predict.Status);
        foreach (var stem in new[] { "colour", "deep" })
        {
            foreach (var suffix in new[] { "_mask.png", "_overlay.png", "_saliency.png", ".json", "_logits.safetensors" })
            {
                Assert.True(File.Exists(Path.Combine(predictOut, stem + suffix)), stem + suffix);
            }
        }
        var logits = SafeTensors.Read(Path.Combine(predictOut, "colour_logits.safetensors")).Tensors;
        Assert.Equal([1, 1, 32, 32], logits["segmentation_logits"].Shape);
        Assert.Equal([1, 2], logits["class_logits"].Shape);
        Assert.Contains("p_pneumonia", File.ReadAllText(Path.Combine(predictOut, "colour.json")));
        using var mask = SixLabors.ImageSharp.Image.Load(Path.Combine(predictOut, "colour_mask.png"));
        Assert.Equal((50, 70), (mask.Width, mask.Height));
    }

    [Fact]
    public void Eval_refuses_a_checkpoint_of_another_architecture()
    {
        using var temp = new TempFolder();
        var weights = Path.Combine(temp.Path, "torch.safetensors");
        SafeTensors.Write(weights, new Dictionary<string, HostTensor> { ["encoder.fc.weight"] = HostTensor.Of(new float[10], 2, 5) });
        var outcome = CliRunner.Run(["eval", "--checkpoint", weights, .. CliRunner.TinyData(Path.Combine(temp.Path, "eval"))]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(weights, outcome.StatusLines[^1]);
        Assert.Contains("another architecture", outcome.StatusLines[^1]);
    }

    /// <summary>Two epochs straight, or one epoch then a resume for the second: the weights end identical.</summary>
    [Fact]
    public void Resume_continues_exactly_where_the_run_stopped()
    {
        using var temp = new TempFolder();
        var straight = Path.Combine(temp.Path, "straight");
        var split = Path.Combine(temp.Path, "split");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(straight, "--epochs", "2", "--lr-step", "1")]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny(split, "--epochs", "1", "--lr-step", "1")]).ExitCode);
        var resumed = CliRunner.Run(["train", .. CliRunner.Tiny(split, "--epochs", "2", "--lr-step", "1", "--resume", Path.Combine(split, "last.safetensors"))]);
        Assert.True(resumed.ExitCode == 0, resumed.Status);
        Assert.Contains("Resuming", resumed.Status);

        var a = SafeTensors.Read(Path.Combine(straight, "last.safetensors"));
        var b = SafeTensors.Read(Path.Combine(split, "last.safetensors"));
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        foreach (var (name, t) in a.Tensors) Assert.True(t.Floats.AsSpan().SequenceEqual(b.Tensors[name].Floats), $"{name} differs after resuming");
        Assert.Equal(a.Metadata["dropout_offset"], b.Metadata["dropout_offset"]);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(split, "metrics.jsonl")).Length);
    }
}
