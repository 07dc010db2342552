using System.Text.Json;
using System.Text.Json.Serialization;
using MultiMix.Model.Networks;
using MultiMix.Train.Data;
using MultiMix.Train.Evaluation;
using MultiMix.Train.Metrics;
using MultiMix.Train.Reports;

namespace MultiMix.Train.Runs;

/// <summary>
/// One finished run of a compare grid, as its folder's result.json holds it: the run's budget and best epoch,
/// and per test set the per-image outcomes (classes, pneumonia probabilities, segmentation scores) with the
/// run's scores and their bootstrap intervals, so the grid's table can be rebuilt without the model.
/// </summary>
public sealed record CompareRunResult(string Variant, ulong Seed, int Steps, int BestEpoch, double TrainSeconds, IReadOnlyList<CompareSetResult> Sets)
{
    public const string FileName = "result.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Save(string folder) => AtomicFile.WriteText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, s_json));

    public static CompareRunResult Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return JsonSerializer.Deserialize<CompareRunResult>(File.ReadAllText(path), s_json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new CompareException($"{path}: not a compare result ({e.Message}); delete the run's folder to train it again.");
        }
    }

    /// <summary>The model on the in-domain and cross-domain test sets, each task the variant has.</summary>
    public static IReadOnlyList<CompareSetResult> Evaluate(MultiMixNet model, DataSets data)
    {
        var sets = new List<CompareSetResult>();
        foreach (var (name, seg, cls) in new[] { ("in-domain", data.SegTest, data.ClsTest), ("cross-domain", data.SegCrossDomain, data.ClsCrossDomain) })
        {
            var segEval = model.Config.Variant.Segments() && seg is { Count: > 0 } ? Evaluator.Segmentation(model, seg) : null;
            var clsEval = model.Config.Variant.Classifies() && cls is { Count: > 0 } ? Evaluator.Classification(model, cls) : null;
            if (segEval is null && clsEval is null) continue;
            sets.Add(new CompareSetResult(name, clsEval?.Actual, clsEval?.Predicted, clsEval?.PneumoniaProbability, segEval?.PerImage.ToArray(), RunReport.Intervals(clsEval, segEval)));
        }
        return sets;
    }

    /// <summary>The run's line of the per-seed table for each test set.</summary>
    public IEnumerable<CompareSeedRow> SeedRows() =>
        Sets.Select(s => new CompareSeedRow(Variant, Seed, Steps, BestEpoch, TrainSeconds, s.Row(Variant)));
}

/// <summary>One run's outcome on one test set; classification and segmentation parts are null where the variant or the set lacks the task.</summary>
public sealed record CompareSetResult(string Dataset, int[]? Actual, int[]? Predicted, float[]? PneumoniaProbability, SegmentationScores[]? Segmentation, ScoreIntervals Intervals)
{
    public MetricsRow Row(string model) => new(
        model,
        Dataset,
        Predicted is not null && Actual is not null ? ClassificationScores.Compute(Predicted, Actual) : null,
        Segmentation is { Length: > 0 } s ? SegmentationScores.Mean(s) : null,
        Intervals);
}
