namespace MultiMix.Train.Reports;

/// <summary>One classified image: its name, true class, predicted class (0 normal, 1 pneumonia) and pneumonia probability.</summary>
public sealed record ClassificationPrediction(string Name, int Label, int Predicted, float PneumoniaProbability);
