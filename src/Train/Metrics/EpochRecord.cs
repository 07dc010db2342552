using System.Text.Json.Serialization;

namespace MultiMix.Train.Metrics;

/// <summary>
/// One epoch's line of the metrics log: mean training terms and the validation scores (null without validation
/// data), then the diagnostics of the semi-supervised parts (null where the variant or the data has none). The
/// pseudo-label figures count the unlabeled classification images of the epoch's steps against their true
/// classes, which the data knows but the loss never sees: <see cref="PseudoLabelAccuracy"/> and <see cref="PseudoLabelPneumonia"/> over the
/// confident ones (top weak-view probability ≥ τ), <see cref="WeakAccuracy"/> over all of them.
/// </summary>
public sealed record EpochRecord(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("lr")] double LearningRate,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("train_loss")] double Loss,
    [property: JsonPropertyName("train_ce")] double? CrossEntropy,
    [property: JsonPropertyName("train_dice_loss")] double? Dice,
    [property: JsonPropertyName("train_pseudo")] double? PseudoLabel,
    [property: JsonPropertyName("train_kl")] double? Consistency,
    [property: JsonPropertyName("mask_rate")] double? MaskRate,
    [property: JsonPropertyName("val_loss")] double? ValidationLoss,
    [property: JsonPropertyName("val_accuracy")] double? ValidationAccuracy,
    [property: JsonPropertyName("val_dice")] double? ValidationDice,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    /// <summary>Share of the confident pseudo-labels that equal the true class.</summary>
    [JsonPropertyName("pseudo_accuracy")]
    public double? PseudoLabelAccuracy { get; init; }

    /// <summary>Share of the confident pseudo-labels that say pneumonia.</summary>
    [JsonPropertyName("pseudo_pneumonia")]
    public double? PseudoLabelPneumonia { get; init; }

    /// <summary>Share of pneumonia among the unlabeled images seen (the truth to compare <see cref="PseudoLabelPneumonia"/> with).</summary>
    [JsonPropertyName("unlabeled_pneumonia")]
    public double? UnlabeledPneumonia { get; init; }

    /// <summary>Mask rate among the truly normal unlabeled images.</summary>
    [JsonPropertyName("mask_rate_normal")]
    public double? MaskRateNormal { get; init; }

    /// <summary>Mask rate among the truly pneumonic unlabeled images.</summary>
    [JsonPropertyName("mask_rate_pneumonia")]
    public double? MaskRatePneumonia { get; init; }

    /// <summary>Accuracy of the weak view's prediction on all unlabeled images, confident or not.</summary>
    [JsonPropertyName("weak_accuracy")]
    public double? WeakAccuracy { get; init; }

    [JsonPropertyName("val_f1_pneumonia")]
    public double? ValidationF1Pneumonia { get; init; }

    /// <summary>Validation accuracy on the cross-domain validation split (never used to choose the checkpoint).</summary>
    [JsonPropertyName("val_cross_accuracy")]
    public double? CrossValidationAccuracy { get; init; }

    [JsonPropertyName("val_cross_f1_pneumonia")]
    public double? CrossValidationF1Pneumonia { get; init; }

    [JsonPropertyName("val_cross_dice")]
    public double? CrossValidationDice { get; init; }
}
