using MultiMix.Train.Data;

namespace MultiMix.Train.Reports;

/// <summary>
/// One gallery entry of a report: the input image and, where the model or data set has them, the predicted lung
/// probability map, the reference mask, the saliency map (all the image's size), the predicted pneumonia
/// probability and the true class (0 normal, 1 pneumonia).
/// </summary>
public sealed record SamplePrediction(
    string Name,
    GrayImage Image,
    GrayImage? Probability,
    GrayImage? Reference,
    GrayImage? Saliency,
    float? PneumoniaProbability,
    int? Label);
