using System.Diagnostics;
using MultiMix.Kernels.Launch;
using MultiMix.Kernels.Runtime;
using MultiMix.Tensors.Backend;
using MultiMix.Tests.Kernels.Cuda;
using MultiMix.Tests.Kernels.Emulation;

namespace MultiMix.GpuCheck;

/// <summary>The library checks (cuBLAS, cuDNN) against the CPU backend, determinism, and timings.</summary>
internal static class Checks
{
    /// <summary>Relative error measure: max |a − e| / (max |e| + tiny).</summary>
    private static double Error(float[] expected, float[] actual)
    {
        double worst = 0, scale = 1e-30;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return double.IsNaN(worst) || actual.Any(float.IsNaN) ? double.PositiveInfinity : worst / scale;
    }

    public static void Gemm(PartLog log)
    {
        var context = CudaTarget.Context;
        using var gemm = new CublasGemm(context);
        log.Line($"cuBLAS version {gemm.Version}");
        foreach (var (m, n, k, ta, tb) in new[] { (1, 1, 1, false, false), (7, 33, 257, false, true), (64, 2, 256, false, false), (256, 1000, 33, true, false), (129, 65, 31, true, true) })
        {
            var a = Compare.Random(m * k, 1);
            var b = Compare.Random(k * n, 2);
            var c = Compare.Random(m * n, 3);
            using var cpu = new CpuReference();
            var cc = cpu.Floats(c);
            cpu.Backend.Gemm(ta, tb, m, n, k, 0.5f, cpu.Floats(a), cpu.Floats(b), 0.25f, cc);
            using var gpu = new CudaKernelMemory(context);
            var gc = gpu.Floats(c);
            gemm.Gemm(ta, tb, m, n, k, 0.5f, gpu.Floats(a), gpu.Floats(b), 0.25f, gc);
            log.Within($"gemm m={m} n={n} k={k} transA={ta} transB={tb}", Error(cpu.Read(cc), gpu.ReadFloats(gc, m * n)), 1e-5);
        }
    }

    public static void Convolution(PartLog log)
    {
        var context = CudaTarget.Context;
        using var cudnn = new CudnnHandle(context);
        log.Line($"cuDNN version {CudnnHandle.Version()}");
        foreach (var g in new[] { new ConvGeometry(2, 3, 5, 17, 19, 3), new ConvGeometry(2, 16, 32, 64, 64, 3), new ConvGeometry(1, 16, 1, 32, 32, 1), new ConvGeometry(3, 1, 16, 33, 31, 3) })
        {
            using var conv = new CudnnConvolution(cudnn, g);
            var x = Compare.Random((int)g.InputLength, 1);
            var w = Compare.Random((int)g.WeightLength, 2, -0.3f, 0.3f);
            var bias = Compare.Random(g.OutChannels, 3);
            var dy = Compare.Random((int)g.OutputLength, 4);
            using var cpu = new CpuReference();
            var cy = cpu.Output(g.OutputLength);
            var cdx = cpu.Output(g.InputLength);
            var cdw = cpu.Output(g.WeightLength);
            var cdb = cpu.Output(g.OutChannels);
            cpu.Backend.Conv2d(cpu.Floats(x), cpu.Floats(w), cpu.Floats(bias), cy, g);
            cpu.Backend.Conv2dBackwardData(cpu.Floats(dy), cpu.Floats(w), cdx, g);
            cpu.Backend.Conv2dBackwardWeight(cpu.Floats(dy), cpu.Floats(x), cdw, cdb, g);
            using var gpu = new CudaKernelMemory(context);
            var kernels = new CustomKernels(CudaTarget.Modules);
            var gy = gpu.Output(g.OutputLength);
            var gdx = gpu.Output(g.InputLength);
            var gdw = gpu.Output(g.WeightLength);
            var gdb = gpu.Output(g.OutChannels);
            conv.Forward(gpu.Floats(x), gpu.Floats(w), gy);
            kernels.AddChannelBias(gy, gpu.Floats(bias), g.Batch, g.OutChannels, (long)g.Height * g.Width);
            conv.BackwardData(gpu.Floats(dy), gpu.Floats(w), gdx);
            conv.BackwardWeight(gpu.Floats(dy), gpu.Floats(x), gdw, gdb);
            log.Line($"{g}: algorithms chosen by cudnnFind*Ex {conv.Algorithms}");
            log.Within($"{g} forward + bias", Error(cpu.Read(cy), gpu.ReadFloats(gy, g.OutputLength)), 1e-5);
            log.Within($"{g} backward data", Error(cpu.Read(cdx), gpu.ReadFloats(gdx, g.InputLength)), 1e-5);
            log.Within($"{g} backward weight", Error(cpu.Read(cdw), gpu.ReadFloats(gdw, g.WeightLength)), 1e-5);
            log.Within($"{g} backward bias", Error(cpu.Read(cdb), gpu.ReadFloats(gdb, g.OutChannels)), 1e-5);
        }
    }

    public static void InstanceNorm(PartLog log)
    {
        var context = CudaTarget.Context;
        using var cudnn = new CudnnHandle(context);
        const int Planes = 6, H = 33, W = 17;
        const long N = Planes * H * W;
        using var norm = new CudnnInstanceNorm(context, cudnn, Planes, H, W, 1e-5);
        var x = Compare.Random((int)N, 5).Select((v, i) => v + (i / (H * W))).ToArray();
        var dy = Compare.Random((int)N, 6);
        using var cpu = new CpuReference();
        var cy = cpu.Output(N);
        var cdx = cpu.Output(N);
        var crstd = cpu.Output(Planes);
        cpu.Backend.InstanceNorm(cpu.Floats(x), cy, cpu.Output(Planes), crstd, Planes, H * W, 1e-5f, null);
        cpu.Backend.InstanceNormBackward(cy, crstd, cpu.Floats(dy), cdx, Planes, H * W, null);
        using var gpu = new CudaKernelMemory(context);
        var gx = gpu.Floats(x);
        var gy = gpu.Output(N);
        var gdx = gpu.Output(N);
        var mean = gpu.Output(Planes);
        var invStd = gpu.Output(Planes);
        norm.Forward(gx, gy, mean, invStd);
        norm.Backward(gx, gpu.Floats(dy), gdx, mean, invStd);
        log.Within("cuDNN batch norm on 1×(N·C)×H×W, forward", Error(cpu.Read(cy), gpu.ReadFloats(gy, N)), 1e-4);
        log.Within("cuDNN batch norm on 1×(N·C)×H×W, backward", Error(cpu.Read(cdx), gpu.ReadFloats(gdx, N)), 1e-3);
    }

    /// <summary>The reductions give the same bits when run twice (no atomics, fixed order).</summary>
    public static void Determinism(PartLog log)
    {
        var context = CudaTarget.Context;
        var kernels = new CustomKernels(CudaTarget.Modules);
        using var gpu = new CudaKernelMemory(context);
        const int Planes = 64, Hw = 65536;
        var x = gpu.Floats(Compare.Random(Planes * Hw, 7));
        var target = gpu.Floats(Compare.Random(Planes * Hw, 8, 0, 1));
        float[] Run()
        {
            var sums = gpu.Output(Planes);
            var y = gpu.Output((long)Planes * Hw);
            var mean = gpu.Output(Planes);
            var rstd = gpu.Output(Planes);
            var dice = gpu.Output(Planes);
            kernels.Sum(x, sums, Planes, Hw, 1, 1f / Hw);
            kernels.InstanceNorm(x, y, mean, rstd, Planes, Hw, 1e-5f, 0.2f);
            kernels.DiceLoss(x, target, dice, Planes, Hw);
            return [.. gpu.ReadFloats(sums, Planes), .. gpu.ReadFloats(rstd, Planes), .. gpu.ReadFloats(dice, Planes)];
        }
        var first = Run();
        var second = Run();
        var differing = first.Zip(second).Count(p => BitConverter.SingleToUInt32Bits(p.First) != BitConverter.SingleToUInt32Bits(p.Second));
        log.Check("sum, instance norm statistics and Dice run twice", "the same bits", $"{differing} of {first.Length} values differ", differing == 0);
    }

    /// <summary>GPU times at MultiMix's sizes (batch 50 = five streams of 10, 256×256), next to the CPU backend's.</summary>
    public static void Timings(PartLog log)
    {
        var context = CudaTarget.Context;
        var kernels = new CustomKernels(CudaTarget.Modules);
        using var timer = new GpuTimer(context);
        using var gpu = new CudaKernelMemory(context);
        using var cpu = new CpuReference();
        const int Planes = 50 * 16, Hw = 256 * 256;
        const long N = (long)Planes * Hw;
        var x = gpu.Floats(Compare.Random((int)N, 9));
        var y = gpu.Output(N);
        var mask = gpu.Output(N);
        var mean = gpu.Output(Planes);
        var rstd = gpu.Output(Planes);
        var argmax = gpu.Output(N / 4);
        var cx = cpu.Floats(Compare.Random((int)N, 9));
        var cyy = cpu.Output(N);
        var cmask = cpu.Output(N);
        var cmean = cpu.Output(Planes);
        var crstd = cpu.Output(Planes);
        void Line(string what, float gpuMs, Action cpuWork)
        {
            var watch = Stopwatch.StartNew();
            cpuWork();
            log.Timing(what, $"GPU {gpuMs:F3} ms, CPU backend {watch.Elapsed.TotalMilliseconds:F1} ms, {N * 8 / (gpuMs * 1e6):F0} GB/s (8 bytes per element)");
        }
        Line("instance norm + LeakyReLU 50×16×256×256", timer.Measure(() => kernels.InstanceNorm(x, y, mean, rstd, Planes, Hw, 1e-5f, 0.2f), 20),
            () => cpu.Backend.InstanceNorm(cx, cyy, cmean, crstd, Planes, Hw, 1e-5f, 0.2f));
        Line("instance norm backward", timer.Measure(() => kernels.InstanceNormBackward(y, rstd, x, mask, Planes, Hw, 0.2f), 20),
            () => cpu.Backend.InstanceNormBackward(cyy, crstd, cx, cmask, Planes, Hw, 0.2f));
        Line("dropout 0.25", timer.Measure(() => kernels.Dropout(x, y, mask, N, 0.25f, 1, 0), 20),
            () => cpu.Backend.Dropout(cx, cyy, cmask, N, 0.25f, 1, 0));
        Line("max pool 2×2", timer.Measure(() => kernels.MaxPool2x2(x, y, argmax, Planes, 256, 256), 20),
            () => cpu.Backend.MaxPool2x2(cx, cyy, cpu.Output(N / 4, MultiMix.Tensors.DType.Int32), Planes, 256, 256));
        Line("resize 128→256 bilinear", timer.Measure(() => kernels.ResizeBilinear(x, y, Planes, 128, 128, 256, 256), 20),
            () => cpu.Backend.ResizeBilinear(cx, cyy, Planes, 128, 128, 256, 256));
        Line("resize backward 256←128", timer.Measure(() => kernels.ResizeBilinearBackward(x, y, Planes, 128, 128, 256, 256), 20),
            () => cpu.Backend.ResizeBilinearBackward(cx, cyy, Planes, 128, 128, 256, 256));

        using var cudnn = new CudnnHandle(context);
        foreach (var g in new[] { new ConvGeometry(50, 16, 16, 256, 256, 3), new ConvGeometry(50, 128, 256, 16, 16, 3) })
        {
            using var conv = new CudnnConvolution(cudnn, g);
            using var buffers = new CudaKernelMemory(context);
            var cxx = buffers.Floats(Compare.Random((int)g.InputLength, 1));
            var cw = buffers.Floats(Compare.Random((int)g.WeightLength, 2));
            var cy = buffers.Output(g.OutputLength);
            var cdy = buffers.Floats(Compare.Random((int)g.OutputLength, 3));
            var cdx = buffers.Output(g.InputLength);
            var cdw = buffers.Output(g.WeightLength);
            var forward = timer.Measure(() => conv.Forward(cxx, cw, cy), 10);
            var data = timer.Measure(() => conv.BackwardData(cdy, cw, cdx), 10);
            var filter = timer.Measure(() => conv.BackwardWeight(cdy, cxx, cdw, DevicePtr.Null), 10);
            log.Timing($"conv {g}", $"forward {forward:F3} ms ({g.Flops / (forward * 1e9):F1} TFLOP/s), backward data {data:F3} ms, backward weight {filter:F3} ms; algorithms {conv.Algorithms}");
        }
        using var gemm = new CublasGemm(context);
        using var matrices = new CudaKernelMemory(context);
        const int M = 2048;
        var a = matrices.Floats(Compare.Random(M * M, 4));
        var b = matrices.Floats(Compare.Random(M * M, 5));
        var c = matrices.Output(M * M);
        var ms = timer.Measure(() => gemm.Gemm(false, false, M, M, M, 1, a, b, 0, c), 10);
        log.Timing($"sgemm {M}³", $"{ms:F3} ms, {2.0 * M * M * M / (ms * 1e9):F1} TFLOP/s (FP32, no TF32)");
    }
}
