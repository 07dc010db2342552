namespace MultiMix.Train.Reports;

/// <summary>
/// One classified image: the model and data set, the image (its file, or "#0012" for generated images), its true
/// class, the predicted class (0 normal, 1 pneumonia) and the pneumonia probability.
/// </summary>
public sealed record ClassificationPrediction(string Model, string Dataset, string Image, int Label, int Predicted, float PneumoniaProbability);
