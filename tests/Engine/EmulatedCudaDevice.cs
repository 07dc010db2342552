using System.Runtime.InteropServices;
using MultiMix.Kernels.Backend;
using MultiMix.Kernels.Launch;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;
using MultiMix.Tests.Kernels.Emulation;

namespace MultiMix.Tests.Engine;

/// <summary>
/// A stand-in GPU for running <see cref="CudaBackend"/> without one: device memory is host memory, the custom
/// kernels run in the g++-built emulator (<see cref="EmulatedLauncher"/>), so the backend's pooling, argument
/// packing and launch configurations are exercised exactly as on a GPU. cuBLAS and cuDNN cannot be emulated (they
/// are closed libraries), so GEMM and convolution run on the CPU backend's SIMD kernels here; those calls are
/// checked only on a real GPU (scripts/gpu-check.sh). Every block has guard zones on both sides, checked after
/// each kernel launch, so a kernel that writes outside its storage fails the launch.
/// </summary>
internal sealed unsafe class EmulatedCudaDevice : ICudaDevice, IKernelLauncher
{
    private const int GuardWords = 16;
    private const uint Sentinel = 0x7FBADBAD;

    private readonly EmulatedLauncher _launcher = new();
    private readonly Dictionary<ulong, long> _blocks = [];
    private readonly Lock _gate = new();

    /// <summary>What the emulated device calls its stream: the emulator runs every launch at once, so it is only a handle to pass on.</summary>
    public const nint StreamHandle = 0x57AE;

    public string Name => "cuda-emu";

    public nint Stream => StreamHandle;

    /// <summary>Whether <see cref="Dispose"/> has run (the backend that owns the device disposes it).</summary>
    public bool Disposed { get; private set; }

    public IKernelLauncher Launcher => this;

    /// <summary>The backend over a fresh emulated device; throws, saying why, when the emulator cannot be built.</summary>
    public static CudaBackend CreateBackend() => new(new EmulatedCudaDevice());

    public void Launch(in LaunchConfig config, ReadOnlySpan<ulong> args)
    {
        _launcher.Launch(config, args);
        CheckGuards(config.Kernel);
    }

    public DevicePtr Allocate(long bytes)
    {
        var words = bytes / sizeof(uint);
        var block = (uint*)NativeMemory.AlignedAlloc((nuint)((words + (2 * GuardWords)) * sizeof(uint)), 64);
        new Span<uint>(block, GuardWords).Fill(Sentinel);
        new Span<uint>(block + GuardWords + words, GuardWords).Fill(Sentinel);
        var address = (ulong)(block + GuardWords);
        lock (_gate) _blocks[address] = words;
        return new DevicePtr(address);
    }

    public void Free(DevicePtr block, long bytes)
    {
        lock (_gate)
        {
            if (!_blocks.Remove(block.Address)) throw new InvalidOperationException($"0x{block.Address:x} is not an emulated device block");
        }
        NativeMemory.AlignedFree((uint*)block.Address - GuardWords);
    }

    public void CopyToDevice(void* source, DevicePtr destination, long bytes) => Buffer.MemoryCopy(source, (void*)destination.Address, bytes, bytes);

    public void CopyToHost(DevicePtr source, void* destination, long bytes) => Buffer.MemoryCopy((void*)source.Address, destination, bytes, bytes);

    public void Synchronize()
    {
    }

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DevicePtr a, DevicePtr b, float beta, DevicePtr c) =>
        Sgemm.Multiply(transA, transB, m, n, k, alpha, F(a), transA ? m : k, F(b), transB ? k : n, beta, F(c), n);

    public void ConvForward(ConvGeometry g, DevicePtr x, DevicePtr w, DevicePtr y) =>
        Conv2dKernels.Forward(F(x), F(w), null, F(y), g.Batch, g.InChannels, g.OutChannels, g.Height, g.Width, g.Kernel);

    public void ConvBackwardData(ConvGeometry g, DevicePtr dy, DevicePtr w, DevicePtr dx) =>
        Conv2dKernels.BackwardData(F(dy), F(w), F(dx), g.Batch, g.InChannels, g.OutChannels, g.Height, g.Width, g.Kernel);

    public void ConvBackwardWeight(ConvGeometry g, DevicePtr dy, DevicePtr x, DevicePtr dw, DevicePtr dbias) =>
        Conv2dKernels.BackwardWeight(F(dy), F(x), F(dw), dbias.IsNull ? null : F(dbias), g.Batch, g.InChannels, g.OutChannels, g.Height, g.Width, g.Kernel);

    private static float* F(DevicePtr p) => (float*)p.Address;

    private void CheckGuards(string kernel)
    {
        lock (_gate)
        {
            foreach (var (address, words) in _blocks)
            {
                var block = (uint*)address;
                for (var i = 1; i <= GuardWords; i++)
                {
                    if (block[-i] != Sentinel || block[words + i - 1] != Sentinel)
                    {
                        throw new InvalidOperationException($"{kernel} wrote outside the device block at 0x{address:x} ({words} words)");
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        Disposed = true;
        lock (_gate)
        {
            foreach (var address in _blocks.Keys) NativeMemory.AlignedFree((uint*)address - GuardWords);
            _blocks.Clear();
        }
    }
}
