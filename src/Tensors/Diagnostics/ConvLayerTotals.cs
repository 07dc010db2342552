using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>One convolution layer's sizes and its totals in each direction.</summary>
public sealed class ConvLayerTotals(ConvGeometry geometry)
{
    public ConvGeometry Geometry { get; } = geometry;

    public OpTotals Forward { get; } = new();

    public OpTotals BackwardData { get; } = new();

    public OpTotals BackwardWeight { get; } = new();

    public OpTotals Of(BackendOp op) => op switch
    {
        BackendOp.Conv2d => Forward,
        BackendOp.Conv2dBackwardData => BackwardData,
        BackendOp.Conv2dBackwardWeight => BackwardWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a convolution"),
    };
}
