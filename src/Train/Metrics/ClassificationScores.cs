namespace MultiMix.Train.Metrics;

/// <summary>Design §6 classification metrics: accuracy, F1 with normal (class 0) positive, F1 with pneumonia
/// (class 1) positive, and the confusion matrix they come from.</summary>
public sealed record ClassificationScores(double Accuracy, double F1Normal, double F1Pneumonia, ConfusionMatrix Confusion)
{
    public const int Normal = 0;

    public const int Pneumonia = 1;

    public static ClassificationScores Compute(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual) => Of(ConfusionMatrix.From(predicted, actual));

    /// <summary>The scores of a confusion matrix of the two classes.</summary>
    public static ClassificationScores Of(ConfusionMatrix confusion) =>
        new(confusion.Accuracy(), confusion.F1(Normal), confusion.F1(Pneumonia), confusion);
}
