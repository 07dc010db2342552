using System.Globalization;
using MultiMix.Model.Networks;
using MultiMix.Tensors.Backend;
using MultiMix.Train.Training;

namespace MultiMix.Train.Evaluation;

/// <summary>Evaluates a checkpoint on the test sets (in-domain and cross-domain) and prints the paper's metrics.</summary>
public static class RunReport
{
    public static int EvaluateAndWrite(string checkpoint, DataSets data, string outFolder, IBackend backend, IReadOnlyList<EpochRecord> history, TextWriter output, TextWriter status)
    {
        using var model = ModelLoader.Load(checkpoint, backend, null);
        var v = model.Config.Variant;
        status.WriteLine($"Evaluating {checkpoint} on the test sets...");
        void Row(string dataset, ClassificationEvaluation? c, SegmentationEvaluation? s)
        {
            var cs = c?.Scores;
            var ss = s?.Mean;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{v.CliName(),-10} {dataset,-14} acc {cs?.Accuracy:F4} F1-N {cs?.F1Normal:F4} F1-P {cs?.F1Pneumonia:F4} | Dice {ss?.Dice:F4} Jaccard {ss?.Jaccard:F4} prec {ss?.Precision:F4} rec {ss?.Recall:F4} SSIM {ss?.Ssim:F4} avgHD {ss?.AverageHausdorff:F3}"));
        }
        Row("in-domain", Cls(model, data.ClsTest), Seg(model, data.SegTest));
        if (data.ClsCrossDomain is not null || data.SegCrossDomain is not null) Row("cross-domain", Cls(model, data.ClsCrossDomain), Seg(model, data.SegCrossDomain));
        return 0;
    }

    private static ClassificationEvaluation? Cls(MultiMixNet m, Data.IClassificationSource? s) =>
        m.Config.Variant.Classifies() && s is { Count: > 0 } ? Evaluator.Classification(m, s) : null;

    private static SegmentationEvaluation? Seg(MultiMixNet m, Data.ISegmentationSource? s) =>
        m.Config.Variant.Segments() && s is { Count: > 0 } ? Evaluator.Segmentation(m, s) : null;
}
