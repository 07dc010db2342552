using System.Runtime.InteropServices;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// A growable block of 64-byte aligned native memory, used as per-thread scratch by the CPU kernels.
/// It is kept for the life of the thread that owns it (stored in <see cref="ThreadStaticAttribute"/> fields),
/// so repeated calls reuse it and the hot paths never allocate. It is never freed by a finalizer.
/// </summary>
internal unsafe struct NativeScratch
{
    internal const nuint Alignment = 64;

    private float* _data;
    private nuint _capacity;

    /// <summary>Returns at least <paramref name="count"/> floats; the contents are unspecified.</summary>
    public float* Get(long count)
    {
        var needed = (nuint)Math.Max(count, 1);
        if (needed > _capacity)
        {
            // Grow geometrically so that a slowly rising demand does not reallocate on every call.
            var capacity = Math.Max(needed, _capacity + _capacity / 2);
            NativeMemory.AlignedFree(_data);
            _data = null;
            _capacity = 0;
            _data = (float*)NativeMemory.AlignedAlloc(capacity * sizeof(float), Alignment);
            _capacity = capacity;
        }

        return _data;
    }
}
