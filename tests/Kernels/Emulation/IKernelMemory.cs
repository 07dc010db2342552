using MultiMix.Kernels.Launch;

namespace MultiMix.Tests.Kernels.Emulation;

/// <summary>Memory the kernels under test read and write: host memory for the emulator, device memory on a GPU.</summary>
internal interface IKernelMemory : IDisposable
{
    DevicePtr Floats(ReadOnlySpan<float> values);

    DevicePtr Ints(ReadOnlySpan<int> values);

    /// <summary>A buffer filled with NaN, so an element a kernel forgets to write shows up in the comparison.</summary>
    DevicePtr Output(long length);

    float[] ReadFloats(DevicePtr p, long length);

    int[] ReadInts(DevicePtr p, long length);
}
