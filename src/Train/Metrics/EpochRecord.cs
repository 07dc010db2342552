using System.Text.Json.Serialization;

namespace MultiMix.Train.Metrics;

/// <summary>One epoch's line of the metrics log: mean training terms and the validation scores (null without validation data).</summary>
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
    [property: JsonPropertyName("seconds")] double Seconds);
