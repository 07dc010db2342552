namespace MultiMix.Tensors.Serialization;

/// <summary>A safetensors file that is truncated, inconsistent or not safetensors at all; the message names the file.</summary>
public sealed class SafeTensorsFormatException(string message) : Exception(message);
