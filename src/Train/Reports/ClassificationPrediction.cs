using MultiMix.Train.Evaluation;

namespace MultiMix.Train.Reports;

/// <summary>One classified image: its name, true class, predicted class (0 normal, 1 pneumonia) and pneumonia probability.</summary>
public sealed record ClassificationPrediction(string Name, int Label, int Predicted, float PneumoniaProbability)
{
    /// <summary>The rows of an evaluation, named by <paramref name="names"/> (one per image, in evaluation order).</summary>
    public static IReadOnlyList<ClassificationPrediction> From(ClassificationEvaluation evaluation, IReadOnlyList<string> names)
    {
        if (names.Count != evaluation.Actual.Length)
        {
            throw new ArgumentException($"{names.Count} names for {evaluation.Actual.Length} evaluated images", nameof(names));
        }

        return [.. names.Select((name, i) => new ClassificationPrediction(name, evaluation.Actual[i], evaluation.Predicted[i], evaluation.PneumoniaProbability[i]))];
    }
}
