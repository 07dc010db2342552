using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Model.Training;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Backend;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Random;
using Xunit;

namespace MultiMix.Tests.Engine;

/// <summary>Runs alone: the large-object-heap figure is process-wide, so other tests' allocations would blur it.</summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsCollection;

[Collection(nameof(MemoryTests))]
public sealed class MemoryTests
{
    private const int EmulatedSteps = 40;

    /// <summary>
    /// A thousand identical forward/backward/update steps of a small conv net: after the first step every
    /// allocation is served by the pool, so reserved native memory does not grow, every step's intermediates are
    /// returned, and nothing lands on the large object heap. The emulated CUDA backend runs every GPU thread as a
    /// fiber on one core (one to three seconds per step at 32×32), so it takes the same net on 8×8 images for
    /// <see cref="EmulatedSteps"/> steps: the property is that identical steps stop reaching the device allocator
    /// after the warm-up, which neither the image size nor a thousand repetitions changes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void A_thousand_steps_keep_memory_flat(string backendName)
    {
        var (steps, size) = backendName == "cuda-emu" ? (EmulatedSteps, 8) : (1000, 32);
        using var backend = Backends.Create(backendName);
        var memory = (IMemoryPool)backend;
        var r = new HostRandom(4);
        var w1 = Tensor.Parameter(backend, "w1", r.Uniform(8 * 9, -0.3f, 0.3f), 8, 1, 3, 3);
        var w2 = Tensor.Parameter(backend, "w2", r.Uniform(8 * 8 * 9, -0.1f, 0.1f), 8, 8, 3, 3);
        var fc = Tensor.Parameter(backend, "fc", r.Uniform(16, -0.3f, 0.3f), 2, 8);
        Tensor[] parameters = [w1, w2, fc];
        var moments = parameters.SelectMany(p => new[] { Tensor.EmptyPersistent(backend, p.Shape), Tensor.EmptyPersistent(backend, p.Shape) }).ToArray();
        foreach (var m in moments) backend.Fill(m.Storage, 0f);
        var image = r.Uniform(4 * size * size);
        var labels = new[] { 0, 1, 1, 0 };
        var dropout = new RandomStream(1);

        long reservedAfterWarmup = 0, lohAfterWarmup = 0, inUseAfterWarmup = 0;
        for (var step = 1; step <= steps; step++)
        {
            using (new TensorScope())
            {
                var x = Tensor.FromArray(backend, image, 4, 1, size, size);
                var h = F.Dropout(F.InstanceNorm(F.Conv2d(x, w1, null), 1e-5f, 0.2f), 0.25f, true, dropout);
                h = F.MaxPool2x2(F.InstanceNorm(F.Conv2d(h, w2, null), 1e-5f, 0.2f));
                var loss = F.CrossEntropy(F.Linear(F.GlobalAvgPool(h), fc, null), Tensor.FromArray(backend, labels, 4));
                Backprop.Backward(loss);
                for (var i = 0; i < parameters.Length; i++)
                {
                    var p = parameters[i];
                    backend.AdamStep(p.Storage, p.Grad!.Storage, moments[2 * i].Storage, moments[(2 * i) + 1].Storage, p.Count, 1e-3f, 0.9f, 0.999f, 1e-8f, step);
                    p.ZeroGrad();
                }
            }
            if (step == 10)
            {
                reservedAfterWarmup = memory.BytesReserved;
                inUseAfterWarmup = memory.BytesInUse;
                lohAfterWarmup = LargeObjectHeapBytes();
            }
        }
        Assert.Equal(reservedAfterWarmup, memory.BytesReserved);
        Assert.Equal(inUseAfterWarmup, memory.BytesInUse);
        Assert.True(LargeObjectHeapBytes() - lohAfterWarmup < 1 << 20, "The large object heap grew by over 1 MiB during training steps.");
        foreach (var t in parameters.Concat(moments)) t.Dispose();
        Assert.Equal(0, memory.BytesInUse);
    }

    /// <summary>Peak bytes in use of a training step at 256 px, 10 images per stream (the paper's setting), width 16.</summary>
    public const long BudgetAt256 = 3400L << 20;

    /// <summary>
    /// The peak bytes in use of the second training step (the first warms the pool) at 256 px, 10 images per stream,
    /// stays within <see cref="BudgetAt256"/>. It runs on <see cref="ShapeOnlyBackend"/>, whose bytes in use are the
    /// CPU backend's to the byte (checked at 64 px here against a real step), so it takes milliseconds and no memory.
    /// </summary>
    [Fact]
    public void A_256_px_training_step_stays_within_its_memory_budget()
    {
        using (var cpu = new CpuBackend())
        using (var shapes = new ShapeOnlyBackend())
        {
            Assert.Equal(SecondStepPeak(cpu, 64, 4), SecondStepPeak(shapes, 64, 4));
        }
        using var backend = new ShapeOnlyBackend();
        var peak = SecondStepPeak(backend, 256, 10);
        Assert.True(peak <= BudgetAt256, $"A 256 px step of 10 images per stream peaks at {peak >> 20} MiB in use, over its budget of {BudgetAt256 >> 20} MiB.");
    }

    private static long SecondStepPeak<T>(T backend, int size, int perStream) where T : IBackend, IMemoryPool
    {
        using var model = new MultiMixNet(backend, new ModelConfig(ModelVariant.MultiMix, 16, size), 1);
        using var adam = new Adam(model.NamedParameters(), 1e-4f);
        var layout = new StreamLayout(perStream, perStream, perStream, perStream);
        var batch = new StepInputs(layout, size, new float[layout.Total * size * size], new float[perStream * size * size], new int[perStream]);
        var dropout = new RandomStream(9);
        TrainingStep.Run(model, adam, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, batch, dropout);
        backend.ResetPeak();
        TrainingStep.Run(model, adam, new LossWeights(), MultiMixLoss.PaperConfidenceThreshold, batch, dropout);
        return backend.PeakBytesInUse;
    }

    private static long LargeObjectHeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetGCMemoryInfo().GenerationInfo[3].SizeAfterBytes;
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public void Scope_disposes_its_tensors_and_keep_moves_one_out(string backendName)
    {
        using var backend = Backends.Create(backendName);
        Tensor kept, dropped;
        using (var scope = new TensorScope())
        {
            dropped = Tensor.Zeros(backend, 1000);
            kept = scope.Keep(Tensor.Zeros(backend, 10));
        }
        Assert.True(dropped.IsDisposed);
        Assert.False(kept.IsDisposed);
        kept.Dispose();
        Assert.Equal(0, ((IMemoryPool)backend).BytesInUse);
        Assert.Throws<ObjectDisposedException>(() => dropped.ToArray());
    }
}
