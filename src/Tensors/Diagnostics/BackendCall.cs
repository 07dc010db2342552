using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Diagnostics;

/// <summary>
/// One primitive call as a <see cref="BackendDecorator"/> sees it: the op, its arithmetic (flops) and its
/// compulsory memory traffic (every input read once, every output written once), and the storages it reads and
/// writes.
/// </summary>
/// <param name="Op">The primitive.</param>
/// <param name="Variant">The elementwise function of Unary and Binary calls, else null.</param>
/// <param name="Flops">Floating-point operations of the compute-bound primitives (GEMM, convolution); 0 for the rest.</param>
/// <param name="Bytes">Bytes the call must move at least.</param>
/// <param name="Reads">Storages read.</param>
/// <param name="Writes">Storages written.</param>
public sealed record BackendCall(BackendOp Op, string? Variant, double Flops, double Bytes, Storage[] Reads, Storage[] Writes)
{
    /// <summary>The sizes of a convolution call.</summary>
    public ConvGeometry? Conv { get; init; }

    /// <summary>"Op" or "Op.Variant", e.g. "Conv2dBackwardData" or "Unary.Scale".</summary>
    public string Name => Variant is null ? Op.ToString() : $"{Op}.{Variant}";
}
