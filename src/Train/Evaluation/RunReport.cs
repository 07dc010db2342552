using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Train.Data;
using MultiMix.Train.Reports;
using MultiMix.Train.Training;

namespace MultiMix.Train.Evaluation;

/// <summary>
/// Evaluates models on the test sets (in-domain and cross-domain), prints the paper's metrics, and writes the
/// metrics files (table as CSV/JSON, per-image scores for box plots, per-image classifications) and the report
/// folder with curves, the table, sample predictions with saliency maps and the Dice box plot.
/// </summary>
public static class RunReport
{
    public const string ReportFolder = "report";
    private const int SamplesPerTask = 4;

    /// <summary>A model to report on, under the name the table and box plot use.</summary>
    public sealed record Entry(string Name, MultiMixNet Model);

    public static void EvaluateAndWrite(IReadOnlyList<Entry> models, DataSets data, string outFolder, string title, IReadOnlyList<KeyValuePair<string, string>> summary, IReadOnlyList<EpochRecord> history, TextWriter output, TextWriter status)
    {
        Directory.CreateDirectory(outFolder);
        var rows = new List<MetricsRow>();
        var perImage = new List<PerImageScores>();
        var predictions = new List<ClassificationPrediction>();
        var samples = new List<SamplePrediction>();
        (string Name, ISegmentationSource? Seg, IClassificationSource? Cls)[] sets =
        [
            ("in-domain", data.SegTest, data.ClsTest),
            ("cross-domain", data.SegCrossDomain, data.ClsCrossDomain),
        ];
        foreach (var (name, model) in models)
        {
            status.WriteLine($"Evaluating {name} on the test sets...");
            foreach (var (set, seg, cls) in sets)
            {
                var segEval = model.Config.Variant.Segments() && seg is { Count: > 0 } ? Evaluator.Segmentation(model, seg) : null;
                var clsEval = model.Config.Variant.Classifies() && cls is { Count: > 0 } ? Evaluator.Classification(model, cls) : null;
                if (segEval is null && clsEval is null) continue;
                rows.Add(new MetricsRow(name, set, clsEval?.Scores, segEval?.Mean));
                if (segEval is not null) perImage.AddRange(segEval.PerImage.Select((s, i) => new PerImageScores(name, set, ItemName(i), s)));
                if (clsEval is not null)
                {
                    var named = ClassificationPrediction.From(clsEval, [.. Enumerable.Range(0, clsEval.Actual.Length).Select(ItemName)]);
                    predictions.AddRange(named.Select(p => p with { Name = $"{name}/{set}/{p.Name}" }));
                }
            }
            samples.AddRange(Samples(name, model, data));
        }
        PrintTable(rows, output);
        MetricsFiles.WriteMetricsCsv(Path.Combine(outFolder, ReportWriter.MetricsCsv), rows);
        MetricsFiles.WriteMetricsJson(Path.Combine(outFolder, ReportWriter.MetricsJson), rows);
        MetricsFiles.WritePerImageCsv(Path.Combine(outFolder, "per_image.csv"), perImage);
        MetricsFiles.WriteClassificationCsv(Path.Combine(outFolder, "classification.csv"), predictions);
        var report = Path.Combine(outFolder, ReportFolder);
        ReportWriter.Write(report, new ReportContent(title, summary, history, rows, samples, PerImageScores.DiceByGroup(perImage)));
        status.WriteLine($"Metrics: {Path.Combine(outFolder, ReportWriter.MetricsCsv)}; report: {Path.Combine(report, "index.html")}");
    }

    private static string ItemName(int index) => $"#{index:D4}";

    /// <summary>A few test images of each task with the model's prediction, reference and saliency map.</summary>
    private static IEnumerable<SamplePrediction> Samples(string modelName, MultiMixNet model, DataSets data)
    {
        var size = model.Config.ImageSize;
        var images = new List<(GrayImage Image, GrayImage? Mask, int? Label, string Name)>();
        if (model.Config.Variant.Segments() && data.SegTest is { } seg)
        {
            for (var i = 0; i < Math.Min(SamplesPerTask, seg.Count); i++)
            {
                var s = seg.Load(i, size);
                images.Add((s.Image, s.Mask, null, $"{modelName} segmentation {ItemName(i)}"));
            }
        }
        if (model.Config.Variant.Classifies() && data.ClsTest is { } cls)
        {
            for (var i = 0; i < Math.Min(SamplesPerTask, cls.Count); i++)
            {
                var s = cls.Load(i, size);
                images.Add((s.Image, null, s.Label, $"{modelName} classification {ItemName(i)}"));
            }
        }
        if (images.Count == 0) yield break;
        var plane = size * size;
        var input = new float[images.Count * plane];
        for (var i = 0; i < images.Count; i++) Normalization.ToSignedUnit(images[i].Image.Pixels, input.AsSpan(i * plane, plane));
        var output = Inference.Run(model, input, images.Count, size, withSaliency: true);
        for (var i = 0; i < images.Count; i++)
        {
            var (image, mask, label, name) = images[i];
            yield return new SamplePrediction(
                name,
                image,
                output.SegmentationLogits is { } s ? Plane(s, i, size, Inference.Sigmoid) : null,
                mask,
                output.Saliency is { } sal ? Plane(sal, i, size, v => v) : null,
                output.ClassLogits is { } c ? Inference.Probabilities(c, i).Pneumonia : null,
                label);
        }
    }

    private static GrayImage Plane(float[] values, int index, int size, Func<float, float> map)
    {
        var plane = new float[size * size];
        for (var k = 0; k < plane.Length; k++) plane[k] = map(values[(index * plane.Length) + k]);
        return new GrayImage(size, size, plane);
    }

    private static void PrintTable(IReadOnlyList<MetricsRow> rows, TextWriter output)
    {
        output.WriteLine($"{"model",-16} {"data",-13} {"acc",7} {"F1-N",7} {"F1-P",7} {"Dice",7} {"Jaccard",7} {"prec",7} {"recall",7} {"SSIM",7} {"avgHD",7}");
        foreach (var r in rows)
        {
            var c = r.Classification;
            var s = r.Segmentation;
            output.WriteLine($"{r.Model,-16} {r.Dataset,-13} {F(c?.Accuracy)} {F(c?.F1Normal)} {F(c?.F1Pneumonia)} {F(s?.Dice)} {F(s?.Jaccard)} {F(s?.Precision)} {F(s?.Recall)} {F(s?.Ssim)} {F(s?.AverageHausdorff)}");
        }
    }

    private static string F(double? v) => (v is { } x ? x.ToString("F4", CultureInfo.InvariantCulture) : "-").PadLeft(7);
}
