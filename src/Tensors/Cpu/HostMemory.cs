using MultiMix.Tensors.Backend;

namespace MultiMix.Tensors.Cpu;

/// <summary>
/// The host address of a CPU storage's elements, for the one reader outside the backend: the MPI all-reduce of
/// the flat gradient buffer (MultiMix.Distributed, which MPI hands the address to). Tensors never expose memory.
/// </summary>
internal static unsafe class HostMemory
{
    public static float* Floats(Storage storage) =>
        storage is CpuStorage { IsDisposed: false } cpu
            ? cpu.Floats
            : throw new ArgumentException($"host memory needs a live storage of the CPU backend, not one of {storage.Backend.Name}{(storage.IsDisposed ? " (disposed)" : "")}", nameof(storage));
}
