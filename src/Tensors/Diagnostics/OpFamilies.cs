using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>How a profile groups primitives into op families, and what it calls the memory each one writes.</summary>
public static class OpFamilies
{
    public const string DataLoading = "data loading (training thread waits)";
    public const string HostSyncs = "host syncs (downloads)";

    /// <summary>The family of a call; a Mul by a dropout mask is the dropout's backward.</summary>
    public static string Of(BackendCall call, IReadOnlySet<Storage> dropoutMasks) => call.Op switch
    {
        BackendOp.Conv2d => "conv forward",
        BackendOp.Conv2dBackwardData => "conv backward-data",
        BackendOp.Conv2dBackwardWeight => "conv backward-weight",
        BackendOp.Gemm => "linear (GEMM)",
        BackendOp.InstanceNorm => "instance norm + LeakyReLU forward",
        BackendOp.InstanceNormBackward => "instance norm + LeakyReLU backward",
        BackendOp.InstanceNormDropout => "instance norm + LeakyReLU + dropout forward",
        BackendOp.InstanceNormDropoutBackward => "instance norm + LeakyReLU + dropout backward",
        BackendOp.Unary or BackendOp.UnaryBackward when call.Variant == nameof(UnaryOp.LeakyRelu) => "LeakyReLU",
        BackendOp.Dropout => "dropout forward",
        BackendOp.Binary when call.Variant == nameof(BinaryOp.Mul) && call.Reads.Any(dropoutMasks.Contains) => "dropout backward",
        BackendOp.MaxPool2x2 or BackendOp.MaxPool2x2Backward => "max pooling",
        BackendOp.ResizeBilinear or BackendOp.ResizeBilinearBackward => "bilinear resize",
        BackendOp.CopyBlocks or BackendOp.Fill => "concat, narrow, copies, fills",
        BackendOp.Sum or BackendOp.Broadcast or BackendOp.Max or BackendOp.MaxBackward => "reductions (pooling to logits, max, means)",
        BackendOp.Softmax or BackendOp.SoftmaxBackward or BackendOp.CrossEntropy or BackendOp.CrossEntropyBackward
            or BackendOp.PseudoLabelCrossEntropy or BackendOp.PseudoLabelCrossEntropyBackward or BackendOp.DiceLoss
            or BackendOp.DiceLossBackward or BackendOp.BernoulliKl or BackendOp.BernoulliKlBackward => "losses",
        BackendOp.Axpy => "gradient accumulation",
        BackendOp.AdamStep => "Adam",
        BackendOp.Upload => "uploads (host to device)",
        BackendOp.Download => HostSyncs,
        _ => "elementwise (other)",
    };

    /// <summary>What the memory written as output <paramref name="index"/> of a forward op holds.</summary>
    public static string HolderKind(BackendOp op, int index) => op switch
    {
        BackendOp.Conv2d => "conv outputs",
        BackendOp.InstanceNorm => index == 0 ? "norm outputs" : "norm statistics",
        BackendOp.Dropout => index == 0 ? "dropout outputs" : "dropout masks",
        BackendOp.InstanceNormDropout => index switch { 0 => "norm outputs", 1 => "dropout outputs", 2 => "dropout masks", _ => "norm statistics" },
        BackendOp.MaxPool2x2 => "pooling outputs and argmax",
        BackendOp.ResizeBilinear => "upsampled maps",
        BackendOp.CopyBlocks => "concatenations and copies",
        BackendOp.Upload => "inputs",
        BackendOp.Gemm => "linear outputs",
        _ => "losses and other small terms",
    };
}
