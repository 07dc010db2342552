using System.Diagnostics;
using MultiMix.Kernels.Backend;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Diagnostics;
using MultiMix.Tensors.Random;
using MultiMix.Tests.Kernels.Emulation;

namespace MultiMix.GpuCheck;

/// <summary>
/// <see cref="CudaBackend"/> on the real GPU, where cuBLAS, cuDNN, the stream and cudaMalloc are real (the
/// engine tests run it on an emulated device): training steps of a small conv net against the CPU backend —
/// losses, first-step gradients, the same kernels counted — and a pool that stops allocating after the warm-up.
/// </summary>
internal static class BackendCheck
{
    private const int Steps = 20;
    private const int WarmUp = 3;

    private sealed record TrainingRun(float[] Losses, float[][] Gradients, long ReservedAfterWarmUp, long ReservedAtEnd, long InUseAtEnd, IReadOnlyDictionary<string, long> Kernels, double StepMilliseconds);

    public static void Run(PartLog log)
    {
        if (!CudaBackend.TryCreate(0, out var cuda, out var why))
        {
            log.Check("CudaBackend.TryCreate(0)", "a backend", why, false);
            return;
        }
        using (cuda)
        {
            RoundTrip(log, cuda);
            using var cpuBackend = new CpuBackend();
            var cpu = Train(cpuBackend, () => { });
            var gpu = Train(cuda, cuda.Synchronize);
            log.Timing("training step", $"{cuda.Name}: {gpu.StepMilliseconds:F2} ms per step, cpu {cpu.StepMilliseconds:F2} ms");
            var worstLoss = Enumerable.Range(0, Steps).Max(s => Math.Abs(gpu.Losses[s] - cpu.Losses[s]) / Math.Abs(cpu.Losses[s]));
            log.Within($"losses of {Steps} steps (cpu {cpu.Losses[0]:G6} → {cpu.Losses[^1]:G6}, cuda {gpu.Losses[0]:G6} → {gpu.Losses[^1]:G6})", worstLoss, 1e-4);
            for (var p = 0; p < cpu.Gradients.Length; p++)
            {
                var scale = cpu.Gradients[p].Max(MathF.Abs);
                var worst = cpu.Gradients[p].Zip(gpu.Gradients[p], (e, a) => Math.Abs(e - a)).Max();
                log.Within($"parameter {p} step-1 gradient", worst / scale, 1e-3);
            }
            log.Check($"pool after step {WarmUp}", $"{gpu.ReservedAfterWarmUp} bytes reserved, flat", $"{gpu.ReservedAtEnd} bytes", gpu.ReservedAtEnd == gpu.ReservedAfterWarmUp);
            log.Check("bytes in use after every tensor was disposed", "0", $"{gpu.InUseAtEnd}", gpu.InUseAtEnd == 0);
            var names = cpu.Kernels.Keys.Union(gpu.Kernels.Keys).Order(StringComparer.Ordinal).ToList();
            var differing = names.Where(n => cpu.Kernels.GetValueOrDefault(n) != gpu.Kernels.GetValueOrDefault(n))
                .Select(n => $"{n}: cpu {cpu.Kernels.GetValueOrDefault(n)}, cuda {gpu.Kernels.GetValueOrDefault(n)}").ToList();
            log.Check("kernels counted by name", "the same counts as the cpu", differing.Count == 0 ? "the same" : string.Join("; ", differing), differing.Count == 0);
        }
    }

    /// <summary>Uploads and downloads larger than the pinned staging slots (several chunks and a partial one) come back bit for bit.</summary>
    private static void RoundTrip(PartLog log, CudaBackend backend)
    {
        var length = (int)(HostStagingSlotFloats * 2.5) + 3;
        var values = Compare.Random(length, 11);
        using var storage = backend.Allocate(length, DType.Float32);
        backend.Upload(values, storage);
        Array.Fill(values, 0f);
        var back = new float[length];
        backend.Download(storage, back);
        var expected = Compare.Random(length, 11);
        var differing = expected.Zip(back).Count(p => BitConverter.SingleToUInt32Bits(p.First) != BitConverter.SingleToUInt32Bits(p.Second));
        log.Check($"upload and download of {length} floats through pinned staging", "the same bits", $"{differing} differ", differing == 0);
    }

    private const long HostStagingSlotFloats = MultiMix.Kernels.Runtime.HostStaging.SlotBytes / sizeof(float);

    /// <summary>
    /// Conv → instance norm + LeakyReLU → dropout → conv → norm → pool → linear → cross-entropy, with Adam. The
    /// convolutions have no bias: before an instance norm its gradient is zero, and only rounding noise would be compared.
    /// </summary>
    private static TrainingRun Train(IBackend device, Action settle)
    {
        var memory = (IMemoryPool)device;
        var backend = new CountingBackend(device);
        var w1 = Tensor.Parameter(backend, "w1", Compare.Random(8 * 9, 1, -0.3f, 0.3f), 8, 1, 3, 3);
        var w2 = Tensor.Parameter(backend, "w2", Compare.Random(8 * 8 * 9, 3, -0.1f, 0.1f), 8, 8, 3, 3);
        var fc = Tensor.Parameter(backend, "fc", Compare.Random(16, 4, -0.3f, 0.3f), 2, 8);
        var fcBias = Tensor.Parameter(backend, "fc.bias", Compare.Random(2, 2), 2);
        Tensor[] parameters = [w1, w2, fc, fcBias];
        var moments = parameters.SelectMany(p => new[] { Tensor.EmptyPersistent(backend, p.Shape), Tensor.EmptyPersistent(backend, p.Shape) }).ToArray();
        foreach (var m in moments) backend.Fill(m.Storage, 0f);
        var image = Compare.Random(4 * 64 * 64, 5);
        int[] labels = [0, 1, 1, 0];
        var dropout = new RandomStream(1);
        var losses = new float[Steps];
        var gradients = Array.Empty<float[]>();
        long reservedAfterWarmUp = 0;
        var before = backend.Kernels.Snapshot();
        var watch = new Stopwatch();
        for (var step = 1; step <= Steps; step++)
        {
            if (step == WarmUp + 1) watch.Start();
            using (new TensorScope())
            {
                var x = Tensor.FromArray(backend, image, 4, 1, 64, 64);
                var h = F.Dropout(F.InstanceNorm(F.Conv2d(x, w1, null), 1e-5f, 0.2f), 0.25f, true, dropout);
                h = F.MaxPool2x2(F.InstanceNorm(F.Conv2d(h, w2, null), 1e-5f, 0.2f));
                var loss = F.CrossEntropy(F.Linear(F.GlobalAvgPool(h), fc, fcBias), Tensor.FromArray(backend, labels, 4));
                Backprop.Backward(loss);
                losses[step - 1] = loss.ToArray()[0];
            }
            if (step == 1) gradients = [.. parameters.Select(p => p.Grad!.ToArray())];
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                backend.AdamStep(p.Storage, p.Grad!.Storage, moments[2 * i].Storage, moments[(2 * i) + 1].Storage, p.Count, 1e-3f, 0.9f, 0.999f, 1e-8f, step);
                p.ZeroGrad();
            }
            settle();
            if (step == WarmUp) reservedAfterWarmUp = memory.BytesReserved;
        }
        var milliseconds = watch.Elapsed.TotalMilliseconds / (Steps - WarmUp);
        var after = backend.Kernels.Snapshot();
        var kernels = after.ToDictionary(k => k.Key, k => k.Value - before.GetValueOrDefault(k.Key));
        var reservedAtEnd = memory.BytesReserved;
        foreach (var t in parameters.Concat(moments)) t.Dispose();
        return new TrainingRun(losses, gradients, reservedAfterWarmUp, reservedAtEnd, memory.BytesInUse, kernels, milliseconds);
    }
}
