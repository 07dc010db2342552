using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Train.Data;
using MultiMix.Train.Evaluation;
using MultiMix.Train.Metrics;
using MultiMix.Train.Reports;

namespace MultiMix.Train.Runs;

/// <summary>
/// Evaluates models on the test sets (in-domain and cross-domain), prints the paper's metrics, and writes the
/// report folder: curves, the table, sample predictions with saliency maps, the Dice box plot, and the metrics
/// files (table as CSV/JSON, per-image scores for box plots, per-image classifications).
/// </summary>
public static class RunReport
{
    public const string ReportFolder = "report";
    public const string PerImageCsv = "per_image.csv";
    public const string ClassificationCsv = "classification.csv";
    private const int SamplesPerTask = 4;
    private const int DisplaySize = 256;

    /// <summary>A model to report on, under the name the table and box plot use.</summary>
    public sealed record Entry(string Name, MultiMixNet Model);

    public static void EvaluateAndWrite(IReadOnlyList<Entry> models, DataSets data, string outFolder, string title, IReadOnlyList<KeyValuePair<string, string>> summary, IReadOnlyList<EpochRecord> history, TextWriter output, TextWriter status)
    {
        var report = Path.Combine(outFolder, ReportFolder);
        Directory.CreateDirectory(report);
        var rows = new List<MetricsRow>();
        var perImage = new List<PerImageScores>();
        var predictions = new List<ClassificationPrediction>();
        var samples = new List<SamplePrediction>();
        (string Name, IImageSource<SegmentationSample>? Seg, IImageSource<ClassificationSample>? Cls)[] sets =
        [
            ("in-domain", data.SegTest, data.ClsTest),
            ("cross-domain", data.SegCrossDomain, data.ClsCrossDomain),
        ];
        foreach (var (name, model) in models)
        {
            status.WriteLine($"Evaluating {name} on the test sets...");
            int[]? testLabels = null;
            foreach (var (set, seg, cls) in sets)
            {
                var segEval = model.Config.Variant.Segments() && seg is { Count: > 0 } ? Evaluator.Segmentation(model, seg) : null;
                var clsEval = model.Config.Variant.Classifies() && cls is { Count: > 0 } ? Evaluator.Classification(model, cls) : null;
                if (segEval is null && clsEval is null) continue;
                rows.Add(new MetricsRow(name, set, clsEval?.Scores, segEval?.Mean, Intervals(clsEval, segEval)));
                if (segEval is not null) perImage.AddRange(segEval.PerImage.Select((s, i) => new PerImageScores(name, set, seg!.ItemName(i), s)));
                if (clsEval is not null)
                {
                    predictions.AddRange(clsEval.Actual.Select((label, i) => new ClassificationPrediction(name, set, cls!.ItemName(i), label, clsEval.Predicted[i], clsEval.PneumoniaProbability[i])));
                    if (cls == data.ClsTest) testLabels = clsEval.Actual;
                }
            }
            samples.AddRange(Samples(name, model, data, testLabels));
        }
        PrintTable(rows, output);
        MetricsFiles.WritePerImageCsv(Path.Combine(report, PerImageCsv), perImage);
        MetricsFiles.WriteClassificationCsv(Path.Combine(report, ClassificationCsv), predictions);
        ReportWriter.Write(report, new ReportContent(title, summary, history, rows, samples, PerImageScores.DiceByGroup(perImage)));
        status.WriteLine($"Report: {Path.Combine(report, "index.html")} (metrics.csv, metrics.json, {PerImageCsv}, {ClassificationCsv} beside it)");
    }

    /// <summary>The report summary's lines about the data (<see cref="DataSets.Summary"/>), keyed by what they describe.</summary>
    public static IEnumerable<KeyValuePair<string, string>> DataLines(DataSets sets) =>
        sets.Summary.Select(line => line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0
            ? new KeyValuePair<string, string>(line[..colon], line[(colon + 2)..])
            : new KeyValuePair<string, string>("data", line));

    /// <summary>A caption's image name: the file name, or "#0012" for generated images.</summary>
    private static string ShortName(string item) => Path.GetFileName(item);

    /// <summary>The 95% bootstrap intervals of a model's scores on one data set (<see cref="Bootstrap"/>, resampling its images).</summary>
    public static ScoreIntervals Intervals(ClassificationEvaluation? cls, SegmentationEvaluation? seg)
    {
        var c = cls?.Intervals();
        return new ScoreIntervals(c?.Accuracy, c?.F1Normal, c?.F1Pneumonia, seg?.DiceInterval());
    }

    /// <summary>A few test images of each task with the model's prediction, reference and saliency map.</summary>
    private static IEnumerable<SamplePrediction> Samples(string modelName, MultiMixNet model, DataSets data, int[]? testLabels)
    {
        var size = model.Config.ImageSize;
        var images = new List<(GrayImage Image, GrayImage? Mask, int? Label, string Name)>();
        if (model.Config.Variant.Segments() && data.SegTest is { } seg)
        {
            for (var i = 0; i < Math.Min(SamplesPerTask, seg.Count); i++)
            {
                var s = seg.Load(i, size);
                images.Add((s.Image, s.Mask, null, $"{modelName} segmentation {ShortName(seg.ItemName(i))}"));
            }
        }
        if (data.ClsTest is { } cls && testLabels is not null)
        {
            foreach (var i in BalancedByLabel(testLabels))
            {
                var s = cls.Load(i, size);
                images.Add((s.Image, null, s.Label, $"{modelName} classification {ShortName(cls.ItemName(i))}"));
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
                Display(image),
                output.SegmentationLogits is { } s ? Display(Plane(s, i, size, Inference.Sigmoid)) : null,
                mask is null ? null : Display(mask),
                output.Saliency is { } sal ? Display(Plane(sal, i, size, v => v)) : null,
                output.ClassLogits is { } c ? Inference.Probabilities(c, i).Pneumonia : null,
                label);
        }
    }

    /// <summary>The first test images of each class in turn (by their true labels), so the gallery shows both normal and pneumonia cases.</summary>
    private static IEnumerable<int> BalancedByLabel(int[] labels)
    {
        var byLabel = Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.Take(SamplesPerTask).ToList()).ToList();
        var picked = new List<int>();
        for (var round = 0; picked.Count < Math.Min(SamplesPerTask, labels.Length); round++)
        {
            foreach (var group in byLabel.Where(g => round < g.Count))
            {
                if (picked.Count < SamplesPerTask) picked.Add(group[round]);
            }
        }
        return picked;
    }

    /// <summary>Small inputs are enlarged for the report so that boundaries and heat maps can be seen.</summary>
    private static GrayImage Display(GrayImage g) => g.Width >= DisplaySize ? g : BilinearResize.Resize(g, DisplaySize, DisplaySize);

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
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"95% bootstrap intervals ({Bootstrap.Resamples} resamples of the test images, percentile):"));
        foreach (var r in rows)
        {
            var i = r.Intervals;
            output.WriteLine($"{r.Model,-16} {r.Dataset,-13} {I("acc", i?.Accuracy)}{I("F1-N", i?.F1Normal)}{I("F1-P", i?.F1Pneumonia)}{I("Dice", i?.Dice)}");
        }
    }

    private static string I(string name, Interval? interval) => interval is null ? "" : $" {name} {interval.Format()}";

    private static string F(double? v) => (v is { } x ? x.ToString("F4", CultureInfo.InvariantCulture) : "-").PadLeft(7);
}
