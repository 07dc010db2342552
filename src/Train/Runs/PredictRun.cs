using System.Globalization;
using System.Text.Json;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Serialization;
using MultiMix.Train.Data;
using MultiMix.Train.Evaluation;
using MultiMix.Train.Reports;

namespace MultiMix.Train.Runs;

/// <summary>
/// Runs a checkpoint on an image or a folder of images and writes, per image, &lt;name&gt;_mask.png,
/// &lt;name&gt;_overlay.png, &lt;name&gt;_saliency.png, &lt;name&gt;.json and optionally &lt;name&gt;_logits.safetensors.
/// </summary>
public static class PredictRun
{
    public const string DefaultOutput = "runs/predict";

    /// <summary>
    /// <paramref name="input"/> is an image file or a folder of images (it must exist); <paramref name="fallback"/>
    /// is the architecture of a checkpoint that carries none (a PyTorch export), <paramref name="request"/> the
    /// architecture options given (named when the checkpoint overrides them). Every image of a folder is
    /// processed; those that cannot be read are listed at the end and make the run fail. Images whose names
    /// differ only in the extension (a.png, a.jpg) get outputs named with it (a_png_mask.png, a_jpg_mask.png).
    /// </summary>
    public static void Run(string checkpoint, string input, string outFolder, bool saveLogits, ModelConfig fallback, ArchitectureRequest request, IBackend backend, RunConsole console, CancellationToken cancel)
    {
        var folder = Directory.Exists(input);
        if (folder && string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(input)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(outFolder)), StringComparison.Ordinal))
        {
            throw new DataException($"--out {outFolder}: is the --input folder; a later run would read these outputs as images. Choose another folder, e.g. {Path.Combine(input, "predicted")}.");
        }

        string[] files = folder ? DataFolder.RequireImages(input, "input image") : [input];
        using var model = ModelLoader.Load(checkpoint, backend, fallback, request, console.Status);
        OutputFolder.Create(outFolder);
        var stems = Stems(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                Predict(model, file, Path.Combine(outFolder, stems[file]), saveLogits, console);
            }
            catch (DataException e) when (folder)
            {
                failures.Add(e.Message);
            }
        }

        if (failures.Count > 0)
        {
            throw new DataProblemsException(failures, string.Create(CultureInfo.InvariantCulture,
                $"{failures.Count} of {files.Length} images could not be read (listed above); the other {files.Length - failures.Count} were written to {outFolder}."));
        }
    }

    /// <summary>The output stem of each file: its name without extension, or with the extension after '_' where two files share a name.</summary>
    private static Dictionary<string, string> Stems(string[] files)
    {
        var shared = files.GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        return files.ToDictionary(f => f, f => shared.Contains(f) ? $"{Path.GetFileNameWithoutExtension(f)}_{Path.GetExtension(f).TrimStart('.').ToLowerInvariant()}" : Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
    }

    private static void Predict(MultiMixNet model, string file, string stem, bool saveLogits, RunConsole console)
    {
        var size = model.Config.ImageSize;
        var original = ImageFile.Load(file);
        var network = Normalization.ToSignedUnit(BilinearResize.Resize(original, size, size));
        var result = Inference.Run(model, network, 1, size, withSaliency: model.Config.Variant.Classifies());
        var line = Path.GetFileName(file);
        var json = new Dictionary<string, object> { ["image"] = Path.GetFullPath(file), ["model"] = model.Config.Variant.Name() };
        if (result.SegmentationLogits is { } seg)
        {
            var probability = BilinearResize.Resize(Map(seg, size, Inference.Sigmoid), original.Width, original.Height);
            var mask = MaskOps.Binarize(probability);
            PngFile.Save(mask, stem + "_mask.png");
            PngFile.Save(MaskOverlay.Draw(original, probability, null), stem + "_overlay.png");
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
            PngFile.Save(HeatMap.Render(BilinearResize.Resize(Map(sal, size, v => v), original.Width, original.Height), original), stem + "_saliency.png");
        }
        AtomicFile.Write(stem + ".json", s => JsonSerializer.Serialize(s, json, new JsonSerializerOptions { WriteIndented = true }));
        if (saveLogits) SaveLogits(stem + "_logits.safetensors", network, result);
        console.Results.WriteLine(line);
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
