namespace MultiMix.Tensors.Backend;

/// <summary>Sizes of a stride-1, "same"-padded convolution with a square kernel.</summary>
public readonly record struct ConvGeometry(int Batch, int InChannels, int OutChannels, int Height, int Width, int Kernel)
{
    public int Padding => (Kernel - 1) / 2;

    public long InputLength => (long)Batch * InChannels * Height * Width;

    public long OutputLength => (long)Batch * OutChannels * Height * Width;

    public long WeightLength => (long)OutChannels * InChannels * Kernel * Kernel;

    /// <summary>Multiply-adds of the forward pass, times two.</summary>
    public double Flops => 2.0 * Batch * OutChannels * InChannels * Kernel * Kernel * Height * Width;
}
