namespace MultiMix.Kernels.Launch;

/// <summary>An address in device memory (a CUdeviceptr; in the emulator, a host address). Elements are 4 bytes.</summary>
internal readonly record struct DevicePtr(ulong Address)
{
    public static DevicePtr Null => default;

    public bool IsNull => Address == 0;

    /// <summary>The address <paramref name="elements"/> 32-bit elements further on.</summary>
    public DevicePtr Offset(long elements) => new(Address + (ulong)(elements * sizeof(float)));
}
