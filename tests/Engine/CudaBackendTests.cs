using MultiMix.Kernels.Backend;
using MultiMix.Kernels.Launch;
using MultiMix.Tensors;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>
/// What the CUDA backend does beyond the shared engine tests, on the emulated device: its pool, its guard on foreign
/// storages, the self-test that decides whether a GPU is used, and who disposes a backend.
/// </summary>
public sealed class CudaBackendTests
{
    [Fact]
    public void Pool_reuses_a_returned_block_of_the_same_size_and_trim_frees_the_rest()
    {
        using var backend = (CudaBackend)Backends.Create("cuda-emu");
        backend.Allocate(1000, DType.Float32).Dispose();
        var reserved = backend.BytesReserved;
        Assert.Equal(0, backend.BytesInUse);
        using (var again = backend.Allocate(1000, DType.Float32))
        {
            Assert.Equal(reserved, backend.BytesReserved);
            Assert.Equal(reserved, backend.BytesInUse);
            using var other = backend.Allocate(5000, DType.Int32);
            Assert.True(backend.BytesReserved > reserved);
        }
        backend.Trim();
        Assert.Equal(0, backend.BytesReserved);
    }

    [Fact]
    public void Upload_fill_and_download_round_trip_floats_and_ints()
    {
        var backend = Backends.Get("cuda-emu");
        using var floats = backend.Allocate(5, DType.Float32);
        backend.Upload([1f, -2f, 3.5f, 0f, 7f], floats);
        var back = new float[5];
        backend.Download(floats, back);
        Assert.Equal([1f, -2f, 3.5f, 0f, 7f], back);
        backend.Fill(floats, 0.25f);
        backend.Download(floats, back);
        Assert.All(back, v => Assert.Equal(0.25f, v));
        using var ints = backend.Allocate(3, DType.Int32);
        backend.Upload([4, -1, int.MaxValue], ints);
        var intsBack = new int[3];
        backend.Download(ints, intsBack);
        Assert.Equal([4, -1, int.MaxValue], intsBack);
        Assert.Throws<ArgumentException>(() => backend.Download(floats, new float[4]));
    }

    [Fact]
    public void A_storage_of_another_backend_is_refused_by_name()
    {
        var cuda = Backends.Get("cuda-emu");
        using var cpu = Backends.Get("cpu").Allocate(4, DType.Float32);
        using var y = cuda.Allocate(4, DType.Float32);
        var e = Assert.Throws<ArgumentException>(() => cuda.Axpy(1f, cpu, y, 4));
        Assert.Contains("cpu", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_self_test_passes_on_a_device_that_computes_like_the_cpu()
    {
        using var device = new EmulatedCudaDevice();
        var outcome = DeviceSelfTest.Run(device);
        Assert.Null(outcome.FailedStep);
        Assert.Equal(3, outcome.Details.Count);
    }

    /// <summary>A device that fails one step only: the self-test names that step and why, and runs no later one.</summary>
    [Theory]
    [InlineData(nameof(CudaProbeStep.KernelLaunch), "binary_forward")]
    [InlineData(nameof(CudaProbeStep.Gemm), "GEMM")]
    [InlineData(nameof(CudaProbeStep.Convolution), "convolution")]
    public void The_self_test_names_the_step_a_faulty_device_fails(string step, string named)
    {
        var fault = Enum.Parse<CudaProbeStep>(step);
        using var device = new FaultyDevice(new EmulatedCudaDevice(), fault);
        var outcome = DeviceSelfTest.Run(device);
        Assert.Equal(fault, outcome.FailedStep);
        Assert.StartsWith(CudaProbeResult.Describe(fault), outcome.Reason, StringComparison.Ordinal);
        Assert.Contains(named, outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outcome.Reason);
        Assert.Equal((int)fault - (int)CudaProbeStep.KernelLaunch + 1, outcome.Details.Count);
    }

    [Fact]
    public void A_launch_that_throws_fails_the_kernel_step_with_the_error()
    {
        using var device = new FaultyDevice(new EmulatedCudaDevice(), CudaProbeStep.KernelLaunch, throwOnLaunch: true);
        var outcome = DeviceSelfTest.Run(device);
        Assert.Equal(CudaProbeStep.KernelLaunch, outcome.FailedStep);
        Assert.Contains("CUDA_ERROR_LAUNCH_FAILED", outcome.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// A kernel that writes nothing fails even when its output block still holds the right answer from an earlier
    /// run (a pool that hands freed blocks out again, as a GPU allocator may): the self-test fills the output first.
    /// </summary>
    [Fact]
    public void A_kernel_that_writes_nothing_fails_even_over_a_block_holding_the_right_answer()
    {
        using var device = new FaultyDevice(new EmulatedCudaDevice(), CudaProbeStep.KernelLaunch, recycle: true) { Broken = false };
        Assert.Null(DeviceSelfTest.Run(device).FailedStep);
        device.Broken = true;
        Assert.Equal(CudaProbeStep.KernelLaunch, DeviceSelfTest.Run(device).FailedStep);
    }

    /// <summary>A GPU backend is disposed with the holder that opened it; the shared CPU backend never is.</summary>
    [Fact]
    public void An_opened_gpu_backend_is_disposed_with_its_holder_and_the_shared_cpu_backend_never()
    {
        var device = new EmulatedCudaDevice();
        using (new OpenedBackend(new CudaBackend(device), owned: true))
        {
            Assert.False(device.Disposed);
        }
        Assert.True(device.Disposed);

        var borrowed = new EmulatedCudaDevice();
        using (var backend = new CudaBackend(borrowed))
        {
            new OpenedBackend(backend, owned: false).Dispose();
            Assert.False(borrowed.Disposed);
        }

        Assert.True(OpenedBackend.TryOpen(DeviceName.Cpu, false, out var cpu, out _));
        Assert.Same(CpuBackend.Shared, cpu.Backend);
        cpu.Dispose();
        using var storage = CpuBackend.Shared.Allocate(4, DType.Float32);
        CpuBackend.Shared.Fill(storage, 1f);
    }

    /// <summary>
    /// Passes everything to an emulated device except one step, which it gets wrong while <see cref="Broken"/> (or, for
    /// launches, may throw). With <paramref name="recycle"/> freed blocks are handed out again, oldest first, with their contents.
    /// </summary>
    private sealed class FaultyDevice(EmulatedCudaDevice inner, CudaProbeStep fault, bool throwOnLaunch = false, bool recycle = false) : ICudaDevice, IKernelLauncher
    {
        private readonly Dictionary<long, Queue<DevicePtr>> _freed = [];

        public bool Broken { get; set; } = true;

        public string Name => inner.Name;

        public nint Stream => inner.Stream;

        public IKernelLauncher Launcher => Broken && fault == CudaProbeStep.KernelLaunch ? this : inner.Launcher;

        /// <summary>A kernel that silently does nothing, or a launch the driver rejects.</summary>
        public void Launch(in LaunchConfig config, ReadOnlySpan<ulong> args)
        {
            if (throwOnLaunch) throw new MultiMix.Kernels.Native.CudaException("cuLaunchKernel", 719, "CUDA_ERROR_LAUNCH_FAILED: unspecified launch failure");
        }

        public DevicePtr Allocate(long bytes) => recycle && _freed.TryGetValue(bytes, out var queue) && queue.Count > 0 ? queue.Dequeue() : inner.Allocate(bytes);

        public void Free(DevicePtr block, long bytes)
        {
            if (!recycle)
            {
                inner.Free(block, bytes);
                return;
            }

            if (!_freed.TryGetValue(bytes, out var queue)) _freed[bytes] = queue = new Queue<DevicePtr>();
            queue.Enqueue(block);
        }

        public unsafe void CopyToDevice(void* source, DevicePtr destination, long bytes) => inner.CopyToDevice(source, destination, bytes);

        public unsafe void CopyToHost(DevicePtr source, void* destination, long bytes) => inner.CopyToHost(source, destination, bytes);

        public void Synchronize() => inner.Synchronize();

        /// <summary>A binding that swapped the transposition of A: same sizes, wrong product.</summary>
        public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DevicePtr a, DevicePtr b, float beta, DevicePtr c) =>
            inner.Gemm(Broken && fault == CudaProbeStep.Gemm ? !transA : transA, transB, m, n, k, alpha, a, b, beta, c);

        /// <summary>A convolution whose first output element comes out wrong.</summary>
        public void ConvForward(ConvGeometry g, DevicePtr x, DevicePtr w, DevicePtr y)
        {
            inner.ConvForward(g, x, w, y);
            if (Broken && fault == CudaProbeStep.Convolution) inner.Launcher.Launch(LaunchConfigs.Elementwise("fill", 1), [y.Address, BitConverter.SingleToUInt32Bits(9f), 1UL]);
        }

        public void ConvBackwardData(ConvGeometry g, DevicePtr dy, DevicePtr w, DevicePtr dx) => inner.ConvBackwardData(g, dy, w, dx);

        public void ConvBackwardWeight(ConvGeometry g, DevicePtr dy, DevicePtr x, DevicePtr dw, DevicePtr dbias) => inner.ConvBackwardWeight(g, dy, x, dw, dbias);

        /// <summary>The emulated device frees every block it still holds, recycled ones included.</summary>
        public void Dispose() => inner.Dispose();
    }
}
