namespace MultiMix.Tensors;

/// <summary>Element types a tensor can hold: float32 for data, int32 for labels and indices.</summary>
public enum DType
{
    Float32,
    Int32,
}
