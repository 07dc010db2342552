using System.Globalization;
using System.Text.Json;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Serialization;
using MultiMix.Train.Data;
using MultiMix.Train.Evaluation;
using MultiMix.Train.Reports;

namespace MultiMix.Train.Cli;

/// <summary>`multimix predict`: lung mask, overlay, saliency heat map and class probabilities for images.</summary>
public sealed class PredictCommand : ICommand
{
    public string Name => "predict";

    public string Summary =>
        "Runs a checkpoint on a PNG/JPEG image or a folder of them (any size, gray or colour) and writes, per image, <name>_mask.png, " +
        "<name>_overlay.png (predicted lung boundary), <name>_saliency.png (heat map) and <name>.json (class probabilities) to --out.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("checkpoint", "FILE", "Checkpoint to run"),
        new("input", "PATH", "An image file or a folder of images"),
        new("out", "DIR", "Output folder", "runs/predict"),
        new("save-logits", null, "Also write <name>_logits.safetensors: the network input and its raw segmentation and class logits"),
        .. ModelOptions.Specs,
    ];

    public int Run(ArgParser a, TextWriter output, TextWriter status, CancellationToken cancel)
    {
        var input = a.Required("input");
        string[] files;
        if (Directory.Exists(input)) files = DataFolder.RequireImages(input, "input image");
        else if (File.Exists(input)) files = [input];
        else throw new CliException($"option --input: {input} does not exist.");
        using var device = ModelOptions.Backend(a);
        var backend = device.Backend;
        using var model = ModelLoader.Load(a.Required("checkpoint"), backend, ModelOptions.Config(a, 256));
        var outFolder = a.Required("out");
        Directory.CreateDirectory(outFolder);
        var size = model.Config.ImageSize;
        for (var f = 0; f < files.Length; f++)
        {
            cancel.ThrowIfCancellationRequested();
            var original = ImageFile.Load(files[f]);
            var network = Normalization.ToSignedUnit(BilinearResize.Resize(original, size, size));
            var result = Inference.Run(model, network, 1, size, withSaliency: model.Config.Variant.Classifies());
            var stem = Path.Combine(outFolder, Path.GetFileNameWithoutExtension(files[f]));
            var line = Path.GetFileName(files[f]);
            var json = new Dictionary<string, object> { ["image"] = Path.GetFullPath(files[f]), ["model"] = model.Config.Variant.CliName() };
            if (result.SegmentationLogits is { } seg)
            {
                var probability = BilinearResize.Resize(Map(seg, size, Inference.Sigmoid), original.Width, original.Height);
                var mask = MaskOps.Binarize(probability);
                PngFile.Save(mask, stem + "_mask.png");
                RgbPng.Save(MaskOverlay.Draw(original, probability, null), stem + "_overlay.png");
                var fraction = mask.Pixels.Average();
                json["lung_fraction"] = fraction;
                line += string.Create(CultureInfo.InvariantCulture, $": lungs {fraction:P1} of the image");
            }
            if (result.ClassLogits is { } cls)
            {
                var (pn, pp) = Inference.Probabilities(cls, 0);
                json["p_normal"] = pn;
                json["p_pneumonia"] = pp;
                json["predicted"] = pp > pn ? "PNEUMONIA" : "NORMAL";
                line += string.Create(CultureInfo.InvariantCulture, $", P(pneumonia) {pp:F3}");
            }
            if (result.Saliency is { } sal)
            {
                RgbPng.Save(HeatMap.Render(BilinearResize.Resize(Map(sal, size, v => v), original.Width, original.Height), original), stem + "_saliency.png");
            }
            AtomicFile.Write(stem + ".json", s => JsonSerializer.Serialize(s, json, new JsonSerializerOptions { WriteIndented = true }));
            if (a.Flag("save-logits")) SaveLogits(stem + "_logits.safetensors", network, result);
            output.WriteLine(line);
        }
        return 0;
    }

    private static GrayImage Map(float[] values, int size, Func<float, float> f)
    {
        var pixels = new float[size * size];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = f(values[i]);
        return new GrayImage(size, size, pixels);
    }

    private static void SaveLogits(string path, float[] network, InferenceOutput result)
    {
        var s = result.Size;
        var tensors = new Dictionary<string, HostTensor> { ["input"] = HostTensor.Of(network, 1, 1, s, s) };
        if (result.SegmentationLogits is { } seg) tensors["segmentation_logits"] = HostTensor.Of(seg, 1, 1, s, s);
        if (result.ClassLogits is { } cls) tensors["class_logits"] = HostTensor.Of(cls, 1, 2);
        SafeTensors.Write(path, tensors);
    }
}
