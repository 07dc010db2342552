namespace MultiMix.Tensors.Serialization;

/// <summary>A named array on the host as stored in a file: float32 or int32 values and a shape.</summary>
public sealed record HostTensor(int[] Shape, float[]? Floats, int[]? Ints)
{
    public static HostTensor Of(float[] data, params int[] shape) => new(shape, data, null);

    public static HostTensor Of(int[] data, params int[] shape) => new(shape, null, data);

    public DType DType => Floats is not null ? DType.Float32 : DType.Int32;

    public long Count => Floats?.Length ?? Ints!.Length;

    /// <summary>Uploads to a backend as a tensor owned by the current scope.</summary>
    public Tensor ToTensor(Backend.IBackend backend) =>
        Floats is not null ? Tensor.FromArray(backend, Floats, Shape) : Tensor.FromArray(backend, Ints!, Shape);

    /// <summary>Downloads a tensor.</summary>
    public static HostTensor From(Tensor t) =>
        t.DType == DType.Float32 ? Of(t.ToArray(), t.Shape.ToArray()) : Of(t.ToIntArray(), t.Shape.ToArray());
}
