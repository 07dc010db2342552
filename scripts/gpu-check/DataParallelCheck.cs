using System.Diagnostics;
using MultiMix.Distributed.Gradients;
using MultiMix.Distributed.Native;
using MultiMix.Distributed.Runtime;
using MultiMix.Kernels.Backend;
using MultiMix.Model.Losses;
using MultiMix.Model.Networks;
using MultiMix.Model.Optim;
using MultiMix.Tensors;
using MultiMix.Tensors.Autograd;
using MultiMix.Tensors.Cpu;
using MultiMix.Tensors.Random;
using MultiMix.Tests.Kernels.Emulation;

namespace MultiMix.GpuCheck;

/// <summary>
/// Data-parallel training on one GPU (docs/distributed.md), what one rank of `mpirun -np N multimix train
/// --distributed --device cuda` does without needing MPI on the GPU machine: NCCL loaded where the other NVIDIA
/// libraries are, a one-rank NCCL communicator (the unique id needs no broadcast), an in-place ncclAllReduce(ncclAvg)
/// of the default model's gradient size on the backend's stream, whole and in two buckets (the mean over one rank is
/// the buffer itself, bit for bit), then training steps of a MultiMix network whose flat gradient buffer is averaged
/// by NCCL before the fused Adam step, against the same steps without the all-reduce: the same weights, bit for bit.
/// </summary>
internal static class DataParallelCheck
{
    public static void Run(PartLog log)
    {
        if (!CudaBackend.TryCreate(0, false, out var cuda, out var why))
        {
            log.Check("CudaBackend.TryCreate(0)", "a backend", why, false);
            return;
        }
        using (cuda) Run(log, cuda, DefaultGradientLength(), 20, new StepShape(4, 2, 3));
    }

    /// <summary>The training steps compared: the network's width, the images per stream and the number of steps.</summary>
    public sealed record StepShape(int Width, int PerStream, int Steps);

    /// <summary>
    /// Runs the checks on <paramref name="cuda"/> (the real GPU, or an emulated device in the tests) with an
    /// all-reduce of <paramref name="length"/> floats timed over <paramref name="timedRounds"/>, and training steps of
    /// <paramref name="shape"/>.
    /// </summary>
    public static void Run(PartLog log, CudaBackend cuda, long length, int timedRounds, StepShape shape)
    {
        var library = NcclLibrary.Library;
        if (!log.Check("NCCL library", $"{NcclLibrary.FileName} {Nccl.VersionText(Nccl.MinimumVersion)} or newer", library.ToString(), library.Found)) return;
        using var nccl = NcclCommunicator.Create(new SingleProcessCommunicator());
        log.Line($"NCCL {Nccl.VersionText(nccl.Version)} from {library.Path}; one-rank communicator on {cuda.Name}");
        AllReduce(log, cuda, nccl, length, timedRounds);
        TrainingSteps(log, cuda, nccl, shape);
    }

    /// <summary>The parameter count of the default model (MultiMix, width 16): the size of a step's all-reduce.</summary>
    public static long DefaultGradientLength()
    {
        using var cpu = new CpuBackend();
        using var model = new MultiMixNet(cpu, new ModelConfig(ModelVariant.MultiMix, 16, 64), 1);
        return model.Flat!.Length;
    }

    private static void AllReduce(PartLog log, CudaBackend cuda, NcclCommunicator nccl, long length, int timedRounds)
    {
        var values = Compare.Random(checked((int)length), 21);
        using var buffer = cuda.Allocate(length, DType.Float32);
        cuda.Upload(values, buffer);
        var reducer = new NcclGradientReducer(nccl, cuda.DeviceAddress(buffer), length, cuda.Stream);
        reducer.AllReduceMean();
        SameBits(log, $"ncclAllReduce(ncclAvg) of {length} floats in place, one rank", values, Download(cuda, buffer, length));
        var half = length / 2;
        reducer.ReduceBucket(0, half);
        reducer.ReduceBucket(half, length - half);
        reducer.Finish();
        SameBits(log, $"the same in two buckets ({half} + {length - half} floats)", values, Download(cuda, buffer, length));
        cuda.Synchronize();
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < timedRounds; round++) reducer.AllReduceMean();
        cuda.Synchronize();
        if (timedRounds > 0)
        {
            log.Timing($"all-reduce of {length * sizeof(float) / 1e6:F2} MB, one rank", $"{watch.Elapsed.TotalMilliseconds / timedRounds:F3} ms per all-reduce over {timedRounds} rounds");
        }
    }

    private static void TrainingSteps(PartLog log, CudaBackend cuda, NcclCommunicator nccl, StepShape shape)
    {
        var plain = Train(cuda, null, shape);
        var averaged = Train(cuda, nccl, shape);
        var steps = shape.Steps;
        log.Check($"{steps} steps with the flat gradient buffer averaged by NCCL before the fused Adam", "every parameter fused (one launch)", averaged.Fused ? "fused" : "per parameter: a parameter had no gradient", averaged.Fused);
        log.Line($"losses {string.Join(", ", averaged.Losses.Select(l => l.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}");
        SameBits(log, $"weights after {steps} steps against the same steps without the all-reduce", plain.Weights, averaged.Weights);
        var sameLosses = plain.Losses.SequenceEqual(averaged.Losses);
        log.Check($"losses of the {steps} steps", "the same as without the all-reduce", sameLosses ? "the same" : $"{string.Join(", ", plain.Losses)} against {string.Join(", ", averaged.Losses)}", sameLosses);
    }

    private sealed record StepsRun(float[] Weights, float[] Losses, bool Fused);

    /// <summary>A small MultiMix network's training steps on <paramref name="cuda"/>, as the trainer runs them, with the gradients averaged by <paramref name="nccl"/> when given.</summary>
    private static StepsRun Train(CudaBackend cuda, NcclCommunicator? nccl, StepShape shape)
    {
        var config = new ModelConfig(ModelVariant.MultiMix, shape.Width, 32);
        using var model = new MultiMixNet(cuda, config, 7);
        using var adam = new Adam(model.Flat!, 1e-3f);
        var flat = model.Flat!;
        var reducer = nccl is null ? null : new NcclGradientReducer(nccl, cuda.DeviceAddress(flat.Gradients), flat.Length, cuda.Stream);
        var k = shape.PerStream;
        var layout = new StreamLayout(k, k, k, k);
        var plane = config.ImageSize * config.ImageSize;
        var dropout = new RandomStream(3);
        var losses = new float[shape.Steps];
        var fused = true;
        for (var step = 0; step < shape.Steps; step++)
        {
            using (new TensorScope())
            {
                var x = Tensor.FromArray(cuda, Compare.Random(layout.Total * plane, 40 + step), layout.Total, 1, config.ImageSize, config.ImageSize);
                var masks = Tensor.FromArray(cuda, Compare.Random(layout.SegLabeled * plane, 50 + step).Select(v => v > 0 ? 1f : 0f).ToArray(), layout.SegLabeled, 1, config.ImageSize, config.ImageSize);
                var labels = Tensor.FromArray(cuda, Enumerable.Range(step, k).Select(i => i % 2).ToArray(), layout.ClsLabeled);
                var (seg, cls) = model.Forward(x, dropout);
                var (loss, terms) = MultiMixLoss.Compute(config.Variant, new LossWeights(), layout, seg, cls, masks, labels, 0.7f);
                Backprop.Backward(loss);
                losses[step] = terms.Total;
            }
            fused &= flat.AllHaveGradients;
            reducer?.AllReduceMean();
            adam.Step();
        }
        return new StepsRun(Download(cuda, flat.Values, flat.Length), losses, fused);
    }

    private static float[] Download(CudaBackend cuda, Tensors.Backend.Storage storage, long length)
    {
        var values = new float[length];
        cuda.Download(storage, values);
        return values;
    }

    private static void SameBits(PartLog log, string check, float[] expected, float[] got)
    {
        var differing = expected.Zip(got).Count(p => BitConverter.SingleToUInt32Bits(p.First) != BitConverter.SingleToUInt32Bits(p.Second));
        log.Check(check, "the same bits", differing == 0 ? "the same bits" : $"{differing} of {expected.Length} floats differ", differing == 0);
    }
}
